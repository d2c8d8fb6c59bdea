package holdfast.edge.history;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.time.Duration;

/**
 * {@code lanes.history-hours} (default 24): how long per-minute lane history is kept;
 * {@code lanes.history-sample-ms} (default 5000): how often the lanes are looked at (counts stay exact at any
 * rate; the backlog shown for a minute is the last one seen in it).
 */
record LaneHistorySettings(Duration keep, Duration sampleEvery) {

    public static LaneHistorySettings from(Config lanes) {
        return new LaneHistorySettings(Duration.ofHours(Settings.longIn(lanes, "history-hours", 24, 1, 168)),
                Duration.ofMillis(Settings.longIn(lanes, "history-sample-ms", 5000, 100, 60_000)));
    }
}
