package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sync batch as one FHIR {@code transaction} Bundle of {@code PUT Type/id} entries: applied all or nothing,
 * and sent again it changes nothing (HAPI even skips the new version of an unchanged resource).
 */
final class TransactionBundle {

    private TransactionBundle() {
    }

    /**
     * A resource twice in one batch (an event and its correction or void, when both are sent together) is sent
     * once, in its last state: a transaction may not name one resource twice.
     */
    static byte[] of(ObjectMapper mapper, List<FhirEntry> all) {
        Map<String, FhirEntry> byUrl = new LinkedHashMap<>();
        for (FhirEntry e : all) {
            byUrl.remove(e.url());
            byUrl.put(e.url(), e);
        }
        Collection<FhirEntry> entries = byUrl.values();
        ObjectNode bundle = mapper.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        ArrayNode list = bundle.putArray("entry");
        for (FhirEntry e : entries) {
            ObjectNode entry = list.addObject();
            entry.put("fullUrl", e.url());
            entry.set("resource", e.resource());
            entry.putObject("request").put("method", "PUT").put("url", e.url());
        }
        try {
            return mapper.writeValueAsBytes(bundle);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }
}
