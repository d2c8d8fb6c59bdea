package holdfast.edge.activity;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code activity.*}: when a device counts as late or silent. Its expected interval is the first
 * {@code expected-intervals} entry whose {@code prefix} starts its id, else what it has shown (the average of its
 * recent gaps, after {@code learn-after-readings}), else {@code default-interval-seconds}.
 */
record ActivitySettings(double lateAfterIntervals, double silentAfterIntervals, Duration defaultInterval,
                               int learnAfterReadings, List<PrefixInterval> expectedIntervals) {

    public ActivitySettings {
        expectedIntervals = List.copyOf(expectedIntervals);
    }

    /** Devices whose id starts with {@code prefix} send every {@code interval}. */
    public record PrefixInterval(String prefix, Duration interval) {
    }

    public static ActivitySettings from(Config activity) {
        double late = Settings.number(activity, "late-after-intervals", 2);
        double silent = Settings.number(activity, "silent-after-intervals", 5);
        if (late < 1) {
            throw new SettingsException(activity.get("late-after-intervals").key().toString(), "must be at least 1");
        }
        if (silent <= late) {
            throw new SettingsException(activity.get("silent-after-intervals").key().toString(),
                    "must be more than late-after-intervals (" + late + ")");
        }
        List<PrefixInterval> intervals = new ArrayList<>();
        for (Config entry : activity.get("expected-intervals").asNodeList().orElse(List.of())) {
            String prefix = Settings.string(entry, "prefix", "");
            if (prefix.isEmpty()) {
                throw new SettingsException(entry.key() + ".prefix", "is required (a device id prefix such as mon-)");
            }
            intervals.add(new PrefixInterval(prefix,
                    Duration.ofSeconds(Settings.longIn(entry, "seconds", 60, 1, 86_400))));
        }
        return new ActivitySettings(late, silent,
                Duration.ofSeconds(Settings.longIn(activity, "default-interval-seconds", 60, 1, 86_400)),
                Settings.intIn(activity, "learn-after-readings", 5, 2, 1000), intervals);
    }

    Optional<Duration> configuredFor(String deviceId) {
        return expectedIntervals.stream().filter(p -> deviceId.startsWith(p.prefix())).map(PrefixInterval::interval)
                .findFirst();
    }
}
