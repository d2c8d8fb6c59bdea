package holdfast.edge.threads;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The node's one retry delay: after the n-th consecutive failure, a wait drawn uniformly between half and all of
 * {@code min(max, initial·2ⁿ)}, never below {@code initial}. The jitter keeps many nodes (or one node's lanes and
 * clients) that lost the same peer at the same moment from coming back in step. Not thread-safe: one per retrying
 * thread (a lane worker, an MQTT connector).
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        this(initial, max, ThreadLocalRandom.current());
    }

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /** The wait before the next try, one failure later. */
    public Duration next() {
        long ceiling = initialMillis << Math.min(failures, 30);
        if (ceiling <= 0 || ceiling > maxMillis) {
            ceiling = maxMillis;
        }
        failures++;
        long floor = Math.max(initialMillis, ceiling / 2);
        return Duration.ofMillis(floor >= ceiling ? ceiling : random.nextLong(floor, ceiling + 1));
    }

    /** A peer's own Retry-After wins over our guess, with a little jitter on top. */
    public Duration after(Duration retryAfter) {
        failures++;
        return retryAfter.plusMillis(random.nextLong(initialMillis));
    }

    /** After a success: the next failure starts from {@code initial} again. */
    public void reset() {
        failures = 0;
    }
}
