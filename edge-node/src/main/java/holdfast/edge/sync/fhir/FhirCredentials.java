package holdfast.edge.sync.fhir;

import java.io.IOException;

/**
 * The {@code Authorization} header for the FHIR server, shared by every lane's upstream. Implementations are
 * thread-safe.
 */
interface FhirCredentials {

    /** The header value, or null to send none. */
    String authorization() throws IOException, InterruptedException, Refused;

    /** The server answered 401 with the current value: fetch a fresh one next time (if this kind can). */
    default boolean renew() {
        return false;
    }

    /** No authentication (a server on a closed network, or the test server). */
    FhirCredentials NONE = () -> null;

    /** A fixed bearer token from configuration. */
    static FhirCredentials bearer(String token) {
        String header = "Bearer " + token;
        return () -> header;
    }

    /** The token endpoint refused the client: like a 401 from the server, a person must act. */
    final class Refused extends holdfast.edge.HoldfastException {
        Refused(String message) {
            super(message);
        }
    }
}
