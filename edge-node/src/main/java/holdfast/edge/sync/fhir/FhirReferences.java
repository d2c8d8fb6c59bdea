package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How an event's subject becomes references. The census knows patients and encounters by the hospital's ids
 * (PID-3, PV1-19), not by the FHIR server's resource ids, so they are conditional references
 * ({@code Patient?identifier=system|value}) that the server resolves inside the transaction; one it cannot
 * resolve fails the event, which becomes a {@code conflict}. Devices are logical references (identifier and
 * display): the server need not know them. Thread-safe (immutable).
 */
final class FhirReferences {

    private final String patientSystem;
    private final String encounterSystem;

    FhirReferences(String patientSystem, String encounterSystem) {
        this.patientSystem = patientSystem;
        this.encounterSystem = encounterSystem;
    }

    /** {@code Patient?identifier=…}, or null when the census did not know the patient. */
    ObjectNode patient(JsonNode subject) {
        return conditional("Patient", patientSystem, text(subject, "patientId"));
    }

    /** {@code Encounter?identifier=…}, or null when the census did not know the encounter. */
    ObjectNode encounter(JsonNode subject) {
        return conditional("Encounter", encounterSystem, text(subject, "encounterId"));
    }

    /** The device as a logical reference, or null. */
    static ObjectNode device(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            return null;
        }
        ObjectNode ref = JsonNodeFactory.instance.objectNode();
        ref.putObject("identifier").put("system", FhirIds.DEVICE_SYSTEM).put("value", deviceId);
        ref.put("display", deviceId);
        return ref;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static ObjectNode conditional(String type, String system, String value) {
        if (value == null) {
            return null;
        }
        ObjectNode ref = JsonNodeFactory.instance.objectNode();
        ref.put("reference", type + "?identifier=" + system + "|" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        return ref;
    }
}
