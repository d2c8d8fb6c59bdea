package holdfast.edge.sync;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits between half and all of
 * {@code min(max, initial·2ⁿ)}, so many nodes that lost the cloud at the same moment do not come back in
 * step. Not thread-safe: one per lane worker.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    Duration next() {
        long ceiling = initial.toMillis() << Math.min(failures, 30);
        if (ceiling <= 0 || ceiling > max.toMillis()) {
            ceiling = max.toMillis();
        }
        failures++;
        long half = Math.max(1, ceiling / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** A Retry-After from the cloud wins over our own guess, with a little jitter on top. */
    Duration after(Duration retryAfter) {
        failures++;
        long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, initial.toMillis()));
        return retryAfter.plusMillis(jitter);
    }

    void reset() {
        failures = 0;
    }
}
