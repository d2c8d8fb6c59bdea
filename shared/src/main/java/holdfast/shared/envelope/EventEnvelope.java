package holdfast.shared.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Objects;

/**
 * The one shape every event takes, whatever channel brought it (contract §5).
 *
 * <p>{@code eventId} is assigned once at ingest and never changes; {@code laneSeq} is 0 until the lane
 * journal assigns the event its 1-based position. The envelope takes ownership of the payload tree: nobody
 * mutates a payload after building an envelope from it (copying every tree on every construction showed up
 * in ingest profiles, and {@link #placedAt} would copy it again). {@link #toString()} leaves the payload and
 * raw bytes out: they may carry patient data.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EventEnvelope(
        String eventId,
        String idempotencyKey,
        int schemaVersion,
        Lane lane,
        long laneSeq,
        EventKind kind,
        Source source,
        String correlationId,
        String causationId,
        Instant occurredAt,
        Instant receivedAt,
        Subject subject,
        JsonNode payload,
        Raw raw) {

    /** The envelope major version this code writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    public EventEnvelope {
        requireText(eventId, "eventId");
        requireText(idempotencyKey, "idempotencyKey");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1 (was " + schemaVersion + ")");
        }
        Objects.requireNonNull(lane, "lane");
        if (laneSeq < 0) {
            throw new IllegalArgumentException("laneSeq must be >= 0 (was " + laneSeq + ")");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        requireText(correlationId, "correlationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        subject = subject == null ? Subject.NONE : subject;
        payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
    }

    /** The same event placed in a lane at a position; everything else unchanged. */
    public EventEnvelope placedAt(Lane newLane, long newLaneSeq) {
        return new EventEnvelope(eventId, idempotencyKey, schemaVersion, newLane, newLaneSeq, kind, source,
                correlationId, causationId, occurredAt, receivedAt, subject, payload, raw);
    }

    @Override
    public String toString() {
        return "EventEnvelope[eventId=" + eventId + ", key=" + idempotencyKey + ", lane=" + lane.wireName()
                + ", laneSeq=" + laneSeq + ", kind=" + kind.wireName() + ", correlationId=" + correlationId + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
