package holdfast.edge.facts;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.ingest.IsoInstants;
import holdfast.shared.envelope.EventKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts an event states, as keys {@code deviceId|code|observedAt(epoch ms)} with their observation time:
 * for a device reading (observation, alarm) one per observation code, at the reading's {@code observedAt};
 * for an {@code hl7} event one per OBX that names a device (OBX-18) and has a time (OBX-14, else OBR-7).
 * Read from the payload only, so live ingest and replay agree. Stateless.
 */
final class FactKeys {

    private FactKeys() {
    }

    static Map<String, Instant> of(EventKind kind, JsonNode payload) {
        Map<String, Instant> keys = new LinkedHashMap<>();
        if (kind == EventKind.HL7) {
            for (JsonNode o : payload.path("observations")) {
                add(keys, text(o, "deviceId"), text(o, "code"), text(o, "observedAt"));
            }
        } else if (kind == EventKind.OBSERVATION || kind == EventKind.ALARM) {
            String device = text(payload, "deviceId");
            String observedAt = text(payload, "observedAt");
            for (JsonNode o : payload.path("observations")) {
                add(keys, device, text(o, "code"), observedAt);
            }
        }
        return keys;
    }

    private static void add(Map<String, Instant> keys, String device, String code, String observedAt) {
        if (device == null || code == null || observedAt == null) {
            return;
        }
        try {
            // Every reading passes here twice (before and after its append): the general parser showed in the profile.
            Instant at = IsoInstants.parse(observedAt);
            keys.put(device + "|" + code + "|" + at.toEpochMilli(), at);
        } catch (DateTimeParseException e) {
            // not a fact we can key; the event is journaled as it is
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }
}
