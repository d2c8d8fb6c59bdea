package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One sync batch as one FHIR {@code transaction} Bundle of {@code PUT Type/id} entries: applied all or nothing,
 * and sent again it changes nothing (HAPI even skips the new version of an unchanged resource).
 */
final class TransactionBundle {

    private TransactionBundle() {
    }

    static byte[] of(ObjectMapper mapper, List<FhirEntry> entries) {
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
