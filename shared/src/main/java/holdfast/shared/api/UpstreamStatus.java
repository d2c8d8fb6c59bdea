package holdfast.shared.api;

import java.time.Instant;

/**
 * The link to the cloud: state ({@code CONNECTED}, {@code DISCONNECTED}, {@code NOT_CONFIGURED}, ...).
 * Extensions (null when all is well or not known): {@code trouble} names why the cloud is not taking events,
 * {@code UNREACHABLE} (no answer at all), {@code BUSY} (it answered 429/503), {@code FAILING} (it answers with
 * errors) or {@code UNAUTHORIZED}; {@code retryAfterSeconds} is the wait a busy cloud asked for.
 */
public record UpstreamStatus(String state, Instant lastSuccessAt, String lastError, String trouble,
                             Long retryAfterSeconds) {

    /** Without the trouble fields (kept so that callers from before them still compile). */
    public UpstreamStatus(String state, Instant lastSuccessAt, String lastError) {
        this(state, lastSuccessAt, lastError, null, null);
    }
}
