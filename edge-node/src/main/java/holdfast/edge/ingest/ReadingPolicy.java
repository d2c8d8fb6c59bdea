package holdfast.edge.ingest;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code readings.*}: how far a device reading's {@code observedAt} may lie from the node's clock.
 * {@code observed-at-max-age-hours} (default 720, 30 days: a device that buffered through an outage still gets
 * in) and {@code observed-at-max-ahead-seconds} (default 600: device clocks drift a little, never by years).
 * Outside that window a reading is refused as invalid and kept as a dead letter, so a wrong clock is seen,
 * not journaled as a fact of year 9999.
 */
public record ReadingPolicy(Duration maxAge, Duration maxAhead) {

    /** The shipped defaults, for callers that build a parser without configuration. */
    public static final ReadingPolicy DEFAULT = new ReadingPolicy(Duration.ofHours(720), Duration.ofSeconds(600));

    public static ReadingPolicy from(Config readings) {
        return new ReadingPolicy(
                Duration.ofHours(Settings.longIn(readings, "observed-at-max-age-hours", 720, 1, 24L * 365 * 20)),
                Duration.ofSeconds(Settings.longIn(readings, "observed-at-max-ahead-seconds", 600, 0, 86_400L * 7)));
    }

    /** The reason {@code observedAt} is refused at {@code now}, or null when it is inside the window. */
    String refusal(Instant observedAt, Instant now) {
        if (observedAt.isBefore(now.minus(maxAge))) {
            return "observedAt is more than " + maxAge.toHours() + " hours before the node's clock";
        }
        if (observedAt.isAfter(now.plus(maxAhead))) {
            return "observedAt is more than " + maxAhead.toSeconds() + " seconds after the node's clock";
        }
        return null;
    }
}
