package holdfast.edge.api;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/** Header names the API adds to the standard ones. */
public final class ApiHeaders {
    /** Correlation id: taken from the caller when it sends a sane one, else assigned; always echoed. */
    public static final HeaderName CORRELATION_ID = HeaderNames.create("X-Correlation-Id");
    public static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");

    private ApiHeaders() {
    }
}
