package holdfast.edge.sync;

import holdfast.edge.HoldfastException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One HTTP call to an upstream (the batch protocol or a FHIR server) as the node's circuit breaker sees it:
 * a transport failure and a 5xx answer are thrown, so that the breaker counts them, and an interrupt is carried
 * through the breaker's supplier without counting. The caller turns what was thrown back into an answer to
 * classify. Stateless.
 */
public final class UpstreamExchange {

    private UpstreamExchange() {
    }

    /**
     * Sends {@code request}.
     *
     * @throws UncheckedIOException on a transport failure (its cause is the {@link IOException})
     * @throws Interrupted          when the thread was interrupted (its interrupt flag set again)
     */
    public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request) {
        return call(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** Runs a step of the call (the request, or fetching its credentials) with the same failures as {@link #send}. */
    public static <T> T call(Step<T> step) {
        try {
            return step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // counted by the breaker
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted(e);
        }
    }

    /** {@code response}, or a {@link ServerTrouble} for a 5xx, counted by the breaker and classified by the caller. */
    public static HttpResponse<byte[]> counted(HttpResponse<byte[]> response, String upstream) {
        if (response.statusCode() >= 500) {
            throw new ServerTrouble(upstream, response);
        }
        return response;
    }

    /** A step of an upstream call that may fail on the network or be interrupted. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws IOException, InterruptedException;
    }

    /** The answer's Retry-After header, or null. */
    public static String retryAfter(HttpResponse<byte[]> response) {
        return response.headers().firstValue("Retry-After").orElse(null);
    }

    /** A 5xx answer, thrown inside the breaker so that it counts as a failure there. */
    public static final class ServerTrouble extends HoldfastException {
        private final transient HttpResponse<byte[]> response;

        ServerTrouble(String upstream, HttpResponse<byte[]> response) {
            super(upstream + " answered " + response.statusCode());
            this.response = response;
        }

        public HttpResponse<byte[]> response() {
            return response;
        }
    }

    /** Carries an interrupt through the breaker's supplier; the breaker skips it (see {@code HttpUpstream.breaker}). */
    public static final class Interrupted extends HoldfastException {
        private final transient InterruptedException cause;

        Interrupted(InterruptedException cause) {
            super("interrupted", cause);
            this.cause = cause;
        }

        public InterruptedException interruption() {
            return cause;
        }
    }
}
