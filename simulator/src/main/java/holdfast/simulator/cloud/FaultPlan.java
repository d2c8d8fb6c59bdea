package holdfast.simulator.cloud;

import java.util.Locale;

/**
 * What the reference cloud does wrong on purpose. {@code mode} applies to every batch request;
 * {@code maxBatchBytes} (0: off) answers 413 above that body size; {@code badMarker} (null: off) answers 400
 * for a batch holding an event whose idempotency key contains it.
 */
public record FaultPlan(Mode mode, int retryAfterSeconds, long delayMillis, long maxBatchBytes, String badMarker) {

    /** How the cloud answers a batch request. */
    public enum Mode {
        /** Normal answers. */
        NONE,
        /** {@code 503} without Retry-After: down for unknown time. */
        UNAVAILABLE,
        /** {@code 503} with Retry-After. */
        BUSY,
        /** {@code 429} with Retry-After. */
        THROTTLE,
        /** {@code 401}. */
        UNAUTHORIZED,
        /** {@code 403}. */
        FORBIDDEN,
        /** The connection is closed without an answer. */
        DROP,
        /** The answer comes {@code delayMillis} late (normal otherwise). */
        SLOW;

        public static Mode parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    public static FaultPlan none() {
        return new FaultPlan(Mode.NONE, 1, 0, 0, null);
    }

    public static FaultPlan of(Mode mode) {
        return new FaultPlan(mode, 1, 0, 0, null);
    }

    public FaultPlan retryAfter(int seconds) {
        return new FaultPlan(mode, seconds, delayMillis, maxBatchBytes, badMarker);
    }

    public FaultPlan delay(long millis) {
        return new FaultPlan(mode, retryAfterSeconds, millis, maxBatchBytes, badMarker);
    }

    public FaultPlan maxBatchBytes(long bytes) {
        return new FaultPlan(mode, retryAfterSeconds, delayMillis, bytes, badMarker);
    }

    public FaultPlan badMarker(String marker) {
        return new FaultPlan(mode, retryAfterSeconds, delayMillis, maxBatchBytes, marker);
    }
}
