package holdfast.edge.journal;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.util.Locale;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Settings of the lane journals ({@code journal.*}).
 *
 * @param queueCapacity appends a lane's writer may hold waiting before it refuses (back-pressure, never an
 *                      unbounded queue in memory)
 * @param maxBatch      most appends one fsync covers (group commit)
 * @param rollCycle     Chronicle roll cycle; a cycle file is the unit of retention
 */
public record JournalSettings(int queueCapacity, int maxBatch, RollCycles rollCycle) {

    public static JournalSettings defaults() {
        return new JournalSettings(8192, 1024, RollCycles.FAST_HOURLY);
    }

    public static JournalSettings from(Config journal) {
        JournalSettings d = defaults();
        return new JournalSettings(
                Settings.intIn(journal, "queue-capacity", d.queueCapacity(), 16, 1_000_000),
                Settings.intIn(journal, "max-batch", d.maxBatch(), 1, 100_000),
                Settings.parsed(journal, "roll-cycle", d.rollCycle(), ConfigRollCycle::parse));
    }

    private static final class ConfigRollCycle {
        static RollCycles parse(String text) {
            try {
                return RollCycles.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a roll cycle; use e.g. FAST_HOURLY, FAST_DAILY");
            }
        }
    }
}
