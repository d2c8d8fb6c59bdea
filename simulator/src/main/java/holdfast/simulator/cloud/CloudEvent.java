package holdfast.simulator.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;

/**
 * What the cloud reads of one event of a batch: the contract §5 fields it judges, stores and checks order by,
 * read straight from the JSON tree (binding the whole envelope, payload included, cost more than the rest of
 * the cloud together). The payload and raw bytes are never looked at.
 */
record CloudEvent(String eventId, String idempotencyKey, String lane, long laneSeq, String kind, String causationId,
                  String patientId, String bed, String deviceId, String sourceSystem, String occurredAt) {

    /** Reads and checks one event; the exception's message says what is wrong. */
    static CloudEvent from(JsonNode n) {
        int version = n.path("schemaVersion").asInt(0);
        if (version < 1 || version > EventEnvelope.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion " + n.path("schemaVersion") + " is not supported");
        }
        String lane = Lane.fromWire(text(n, "lane", true)).wireName();
        String kind = EventKind.fromWire(text(n, "kind", true)).wireName();
        long laneSeq = n.path("laneSeq").asLong(0);
        if (laneSeq < 1) {
            throw new IllegalArgumentException("laneSeq must be >= 1");
        }
        if (!n.path("source").path("channel").isTextual()) {
            throw new IllegalArgumentException("source.channel is required");
        }
        text(n, "correlationId", true);
        text(n, "receivedAt", true);
        JsonNode subject = n.path("subject");
        return new CloudEvent(text(n, "eventId", true), text(n, "idempotencyKey", true), lane, laneSeq, kind,
                text(n, "causationId", false), text(subject, "patientId", false), text(subject, "bed", false),
                text(subject, "deviceId", false), text(n.path("source"), "system", false),
                text(n, "occurredAt", true));
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!v.isTextual() || required && v.asText().isBlank()) {
            throw new IllegalArgumentException(field + " must be text");
        }
        return v.asText();
    }
}
