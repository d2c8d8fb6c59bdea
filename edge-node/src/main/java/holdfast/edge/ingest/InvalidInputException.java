package holdfast.edge.ingest;

import holdfast.edge.HoldfastException;

/**
 * Input that cannot become an event. The message names the field and the rule, never the value: it is
 * logged, stored with the dead letter and sent back to the sender.
 */
public final class InvalidInputException extends HoldfastException {
    public InvalidInputException(String message) {
        super(message);
    }
}
