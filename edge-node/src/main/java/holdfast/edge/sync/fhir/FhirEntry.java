package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One resource of an event, to be {@code PUT} at {@code type/id} inside the batch's transaction. */
record FhirEntry(String eventId, String type, String id, ObjectNode resource) {

    String url() {
        return type + "/" + id;
    }
}
