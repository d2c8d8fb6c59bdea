package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Maps one event (contract §5 event JSON) to the FHIR R4 resources that represent it; see docs/fhir-upstream.md
 * for the table. Device and HTTP readings become Observations; an ORU a DiagnosticReport with its
 * Observations; a node alert a Flag; a correction or void the original event's resources again, amended or
 * entered-in-error; everything else (ADT, ops, canary, unknown kinds) a DocumentReference holding the content
 * whole, so that nothing is dropped. Thread-safe (stateless apart from its immutable collaborators).
 */
final class EventMapper {

    private final FhirReferences references;
    private final OriginalEvents originals;

    EventMapper(FhirReferences references, OriginalEvents originals) {
        this.references = references;
        this.originals = originals;
    }

    List<FhirEntry> map(JsonNode event, byte[] json) {
        String eventId = event.path("eventId").asText();
        String kind = event.path("kind").asText("");
        return switch (kind) {
            case "observation", "alarm" -> readings(event, eventId, event.path("subject"), "final");
            case "hl7" -> event.path("payload").path("messageType").asText("").startsWith("ORU")
                    ? report(event, eventId, event.path("subject"), null) : document(event, eventId, json, null);
            case "alert" -> List.of(flag(event, eventId, event.path("subject"), null));
            case "correction", "void" -> followUp(event, eventId, json);
            default -> document(event, eventId, json, null);
        };
    }

    private List<FhirEntry> readings(JsonNode event, String eventId, JsonNode subject, String status) {
        JsonNode p = event.path("payload");
        String effective = p.hasNonNull("observedAt") ? p.get("observedAt").asText() : event.path("occurredAt").asText();
        String device = FhirReferences.text(p, "deviceId");
        List<FhirEntry> out = new ArrayList<>();
        int n = 0;
        for (JsonNode value : p.path("observations")) {
            String id = FhirIds.part(eventId, n++);
            ObjectNode o = Observations.reading(id, eventId, value, effective,
                    device != null ? device : FhirReferences.text(subject, "deviceId"), references.patient(subject),
                    references.encounter(subject));
            o.put("status", status);
            out.add(new FhirEntry(eventId, "Observation", id, o));
        }
        return out.isEmpty() ? document(event, eventId, null, null) : out;
    }

    private List<FhirEntry> report(JsonNode event, String eventId, JsonNode subject, String status) {
        JsonNode p = event.path("payload");
        String effective = event.path("occurredAt").asText();
        ObjectNode patient = references.patient(subject);
        ObjectNode encounter = references.encounter(subject);
        String reportId = FhirIds.of(eventId);
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("resourceType", "DiagnosticReport");
        r.put("id", reportId);
        Observations.identify(r, eventId);
        r.put("status", status != null ? status : "final");
        r.putObject("code").put("text", p.path("messageType").asText("ORU") + " observation report");
        Observations.subject(r, patient, encounter);
        r.put("effectiveDateTime", effective);
        r.put("issued", event.path("receivedAt").asText(effective));
        ArrayNode results = r.putArray("result");
        List<FhirEntry> out = new ArrayList<>();
        int n = 0;
        for (JsonNode obx : p.path("observations")) {
            String id = FhirIds.part(eventId, n++);
            ObjectNode o = Observations.result(id, eventId, obx, effective, patient, encounter);
            if (status != null) {
                o.put("status", status);
            }
            out.add(new FhirEntry(eventId, "Observation", id, o));
            results.addObject().put("reference", "Observation/" + id);
        }
        out.add(0, new FhirEntry(eventId, "DiagnosticReport", reportId, r));
        return out;
    }

    /** A node alert as a Flag: active while open or acknowledged, inactive once cleared. */
    private FhirEntry flag(JsonNode event, String eventId, JsonNode subject, String status) {
        JsonNode p = event.path("payload");
        String id = FhirIds.of(eventId);
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        f.put("resourceType", "Flag");
        f.put("id", id);
        Observations.identify(f, eventId);
        String alertStatus = p.path("status").asText("open");
        f.put("status", status != null ? status
                : "cleared".equals(alertStatus) || "resolved".equals(alertStatus) ? "inactive" : "active");
        f.putArray("category").addObject().putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/flag-category").put("code", "clinical");
        f.putObject("code").put("text", p.path("level").asText("alert") + ": " + p.path("rule").asText("rule")
                + " " + p.path("code").asText(""));
        ObjectNode patient = references.patient(subject);
        if (patient != null) {
            f.set("subject", patient);
        } else {
            // Flag.subject is required and may not be a Device: without a census patient, say where it is.
            String bed = FhirReferences.text(subject, "bed");
            String device = FhirReferences.text(subject, "deviceId");
            f.putObject("subject").put("display", (bed != null ? "bed " + bed : "unknown bed")
                    + (device != null ? ", device " + device : ""));
        }
        f.putObject("period").put("start", p.hasNonNull("raisedAt") ? p.get("raisedAt").asText()
                : event.path("occurredAt").asText());
        ObjectNode encounter = references.encounter(subject);
        if (encounter != null) {
            f.set("encounter", encounter);
        }
        return new FhirEntry(eventId, "Flag", id, f);
    }

    /**
     * A correction sends the original's resources again under their ids with the corrected subject and status
     * {@code amended}; a void marks them {@code entered-in-error}. Both carry the follow-up's eventId as a second
     * identifier. When the journal no longer has the original, the follow-up is kept whole instead.
     */
    private List<FhirEntry> followUp(JsonNode event, String eventId, byte[] json) {
        boolean voided = "void".equals(event.path("kind").asText());
        String originalId = FhirReferences.text(event, "causationId");
        long reconciliationId = event.path("payload").path("reconciliationId").asLong(-1);
        Optional<JsonNode> original = originalId == null || reconciliationId < 0 ? Optional.empty()
                : originals.find(reconciliationId, originalId);
        if (original.isEmpty()) {
            return document(event, eventId, json, null);
        }
        JsonNode o = original.get();
        JsonNode subject = voided ? o.path("subject") : event.path("subject");
        String kind = o.path("kind").asText("");
        List<FhirEntry> entries = switch (kind) {
            case "observation", "alarm" -> readings(o, originalId, subject, voided ? "entered-in-error" : "amended");
            case "hl7" -> o.path("payload").path("messageType").asText("").startsWith("ORU")
                    ? report(o, originalId, subject, voided ? "entered-in-error" : "amended")
                    : document(o, originalId, null, voided ? "entered-in-error" : "current");
            case "alert" -> List.of(flag(o, originalId, subject, voided ? "entered-in-error" : null));
            default -> document(o, originalId, null, voided ? "entered-in-error" : "current");
        };
        List<FhirEntry> out = new ArrayList<>(entries.size());
        for (FhirEntry e : entries) {
            Observations.identify(e.resource(), eventId);
            out.add(new FhirEntry(eventId, e.type(), e.id(), e.resource()));
        }
        return out;
    }

    /**
     * Kept whole: the raw message (or, without one, the event JSON) as the attachment of a DocumentReference.
     * No subject reference: an admission names a patient the FHIR server may not know yet.
     */
    private static List<FhirEntry> document(JsonNode event, String eventId, byte[] json, String status) {
        String id = FhirIds.of(eventId);
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("resourceType", "DocumentReference");
        d.put("id", id);
        Observations.identify(d, eventId);
        d.put("status", status != null ? status : "current");
        String kind = event.path("kind").asText("event");
        JsonNode p = event.path("payload");
        String type = "hl7".equals(kind) && p.hasNonNull("messageType") ? "HL7v2 " + p.get("messageType").asText()
                : "holdfast " + kind;
        d.putObject("type").put("text", type);
        d.put("date", event.path("receivedAt").asText(event.path("occurredAt").asText()));
        d.put("description", "Holdfast " + kind + " event kept whole");
        ObjectNode attachment = d.putArray("content").addObject().putObject("attachment");
        JsonNode raw = event.path("raw");
        if (raw.hasNonNull("base64")) {
            attachment.put("contentType", raw.path("contentType").asText("application/octet-stream"));
            attachment.put("data", raw.get("base64").asText());
        } else {
            byte[] content = json != null ? json : event.toString().getBytes(StandardCharsets.UTF_8);
            attachment.put("contentType", "application/json");
            attachment.put("data", Base64.getEncoder().encodeToString(content));
        }
        return List.of(new FhirEntry(eventId, "DocumentReference", id, d));
    }
}
