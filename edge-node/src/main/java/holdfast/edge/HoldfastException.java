package holdfast.edge;

/** The one base exception of the node: every failure it raises on purpose is one of these. */
public class HoldfastException extends RuntimeException {
    public HoldfastException(String message) {
        super(message);
    }

    public HoldfastException(String message, Throwable cause) {
        super(message, cause);
    }
}
