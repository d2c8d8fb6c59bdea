package holdfast.edge.ingest.hl7;

import holdfast.edge.HoldfastException;

/**
 * A message the node will not journal: {@code code} is {@code AR} (cannot be parsed or not accepted) or
 * {@code AE} (content invalid). The text is the node's own wording and never quotes the message.
 */
final class Hl7Rejection extends HoldfastException {

    private final String code;

    Hl7Rejection(String code, String text) {
        super(text);
        this.code = code;
    }

    String code() {
        return code;
    }
}
