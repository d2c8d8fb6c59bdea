package holdfast.edge.census;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A census change read from a journaled {@code hl7} event's payload (never from the raw text), so replay
 * and live updates see exactly the same thing. {@code at} is the event time (EVN-6, else EVN-2), else the
 * event's {@code occurredAt}.
 */
record AdtChange(String eventId, String trigger, String patientId, String priorPatientId, String encounterId,
                 String bed, Instant at) {

    static final Set<String> TRIGGERS = Set.of("A01", "A02", "A03", "A04", "A08", "A11", "A12", "A13", "A40");

    static Optional<AdtChange> of(EventEnvelope event) {
        if (event.kind() != EventKind.HL7) {
            return Optional.empty();
        }
        JsonNode p = event.payload();
        String type = text(p, "messageType");
        String trigger = text(p, "trigger");
        if (type == null || !type.startsWith("ADT") || trigger == null || !TRIGGERS.contains(trigger)) {
            return Optional.empty();
        }
        String eventTime = text(p, "eventTime");
        Instant at = eventTime != null ? Instant.parse(eventTime) : event.occurredAt();
        return Optional.of(new AdtChange(event.eventId(), trigger, text(p, "patientId"), text(p, "priorPatientId"),
                text(p, "encounterId"), text(p, "bed"), at));
    }

    private static String text(JsonNode payload, String field) {
        JsonNode n = payload.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }
}
