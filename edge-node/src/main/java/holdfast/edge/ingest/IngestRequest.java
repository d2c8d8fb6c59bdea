package holdfast.edge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.lanes.LaneCandidate;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Raw;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import java.time.Instant;

/** A validated piece of input, ready to become an event: everything but its id, lane and position. */
public record IngestRequest(String idempotencyKey, EventKind kind, Source source, String correlationId,
                            String causationId, Instant occurredAt, Subject subject, JsonNode payload, Raw raw,
                            LaneCandidate laneCandidate) {

    @Override
    public String toString() {
        return "IngestRequest[key=" + idempotencyKey + ", kind=" + kind.wireName() + ", correlationId="
                + correlationId + "]";
    }
}
