package holdfast.edge.ingest.mqtt;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th delay is uniform in [min, min·2ⁿ] capped at max, so that
 * many nodes (or devices) cut off together do not all come back in the same instant. Not thread-safe: used
 * by the one connector thread (the subscriber's, the alerts publisher's).
 */
public final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration min, Duration max, RandomGenerator random) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    public Duration next() {
        long ceiling = minMillis << Math.min(failures, 20);
        ceiling = Math.min(maxMillis, Math.max(minMillis, ceiling));
        failures++;
        return Duration.ofMillis(ceiling == minMillis ? minMillis : random.nextLong(minMillis, ceiling + 1));
    }

    public void reset() {
        failures = 0;
    }
}
