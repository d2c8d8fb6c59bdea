package holdfast.console.client;

/** The node answered with an error; {@code detail} is its problem document's plain-words explanation. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
