package holdfast.edge.canary;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.ingest.IngestHook;
import holdfast.edge.ingest.IngestRequest;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Subject;
import java.util.function.Consumer;

/**
 * First in the ingest hooks: input carrying the node's canary mark becomes a {@code canary} event (no subject, a
 * payload naming only path and probe), so the projections after it, which look at clinical kinds only, never see
 * it; once durable it is handed to the canary to time. Thread-safe.
 */
final class CanaryHook implements IngestHook {

    private final CanaryMark mark;
    private final String nodeId;
    private final Consumer<EventEnvelope> durable;

    CanaryHook(CanaryMark mark, String nodeId, Consumer<EventEnvelope> durable) {
        this.mark = mark;
        this.nodeId = nodeId;
        this.durable = durable;
    }

    @Override
    public IngestRequest beforeJournal(IngestRequest r) {
        if (r.kind() != EventKind.OBSERVATION && r.kind() != EventKind.HL7) {
            return r;
        }
        return mark.read(r.source().channel(), r.source().system(), r.source().messageId()).map(probe -> {
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            payload.put("path", probe.path());
            payload.put("probeId", probe.probeId());
            payload.put("nodeId", nodeId);
            return new IngestRequest(r.idempotencyKey(), EventKind.CANARY, r.source(), r.correlationId(),
                    r.causationId(), r.occurredAt(), Subject.NONE, payload, r.raw(), r.laneCandidate());
        }).orElse(r);
    }

    @Override
    public void journaled(EventEnvelope event) {
        if (event.kind() == EventKind.CANARY) {
            durable.accept(event);
        }
    }
}
