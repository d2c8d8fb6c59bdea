package holdfast.console.client;

/** The node did not answer at all (refused, timed out, reset): distinct from a node that answers "degraded". */
public final class NodeUnreachableException extends RuntimeException {
    public NodeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
