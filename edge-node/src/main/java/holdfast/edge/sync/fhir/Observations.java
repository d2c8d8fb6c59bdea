package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * Builds FHIR R4 {@code Observation}s: one per value of a device or HTTP reading, one per OBX of an ORU. Codes
 * keep the sender's system (LOINC when it names none); numeric values become a {@code valueQuantity} in UCUM.
 * Thread-safe (stateless).
 */
final class Observations {

    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    /** OBX-11 result status to Observation.status. */
    private static final Map<String, String> STATUS = Map.of("F", "final", "C", "corrected", "P", "preliminary",
            "R", "registered", "X", "cancelled", "D", "entered-in-error", "W", "entered-in-error");

    private Observations() {
    }

    /** One value of a device reading ({@code {code, system, value, unit}}) taken at {@code effective}. */
    static ObjectNode reading(String id, String eventId, JsonNode value, String effective, String deviceId,
                              ObjectNode patient, ObjectNode encounter) {
        ObjectNode o = base(id, eventId, "final");
        o.putArray("category").addObject().putArray("coding").addObject()
                .put("system", CATEGORY).put("code", "vital-signs");
        code(o, value);
        subject(o, patient, encounter);
        o.put("effectiveDateTime", effective);
        quantity(o, value);
        ObjectNode device = FhirReferences.device(deviceId);
        if (device != null) {
            o.set("device", device);
        }
        return o;
    }

    /** One OBX of an ORU: numeric as a quantity, anything else as a string; abnormal flags as interpretation. */
    static ObjectNode result(String id, String eventId, JsonNode obx, String effective, ObjectNode patient,
                             ObjectNode encounter) {
        String status = STATUS.getOrDefault(String.valueOf(FhirReferences.text(obx, "status")).toUpperCase(Locale.ROOT),
                "final");
        ObjectNode o = base(id, eventId, status);
        o.putArray("category").addObject().putArray("coding").addObject()
                .put("system", CATEGORY).put("code", "laboratory");
        code(o, obx);
        subject(o, patient, encounter);
        String at = FhirReferences.text(obx, "observedAt");
        o.put("effectiveDateTime", at != null ? at : effective);
        JsonNode v = obx.get("value");
        if (v != null && v.isNumber()) {
            quantity(o, obx);
        } else if (v != null && !v.isNull()) {
            o.put("valueString", v.asText());
        }
        JsonNode flags = obx.path("flags");
        if (flags.isArray() && !flags.isEmpty()) {
            var codings = o.putArray("interpretation").addObject().putArray("coding");
            for (JsonNode f : flags) {
                codings.addObject().put("system", INTERPRETATION).put("code", f.asText());
            }
        }
        ObjectNode device = FhirReferences.device(FhirReferences.text(obx, "deviceId"));
        if (device != null) {
            o.set("device", device);
        }
        return o;
    }

    static ObjectNode base(String id, String eventId, String status) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("resourceType", "Observation");
        o.put("id", id);
        identify(o, eventId);
        o.put("status", status);
        return o;
    }

    /** Adds {@code urn:holdfast:event-id|eventId} to the resource's identifiers. */
    static void identify(ObjectNode resource, String eventId) {
        JsonNode ids = resource.get("identifier");
        var array = ids != null && ids.isArray() ? (com.fasterxml.jackson.databind.node.ArrayNode) ids
                : resource.putArray("identifier");
        array.addObject().put("system", FhirIds.EVENT_SYSTEM).put("value", eventId);
    }

    static void subject(ObjectNode resource, ObjectNode patient, ObjectNode encounter) {
        if (patient != null) {
            resource.set("subject", patient);
        }
        if (encounter != null) {
            resource.set("encounter", encounter);
        }
    }

    private static void code(ObjectNode o, JsonNode value) {
        String system = FhirReferences.text(value, "system");
        if ("LN".equalsIgnoreCase(system)) {
            system = LOINC; // HL7 v2's name for LOINC in OBX-3
        }
        String code = FhirReferences.text(value, "code");
        ObjectNode coding = o.putObject("code").putArray("coding").addObject()
                .put("system", system != null ? system : LOINC);
        coding.put("code", code != null ? code : "unknown");
    }

    private static void quantity(ObjectNode o, JsonNode value) {
        ObjectNode q = o.putObject("valueQuantity");
        q.set("value", value.get("value"));
        String unit = FhirReferences.text(value, "unit");
        if (unit != null) {
            q.put("unit", unit).put("system", UCUM).put("code", unit);
        }
    }
}
