package holdfast.edge.facts;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.time.Duration;

/**
 * {@code facts.*}: how far back (by observation time) a reading can still be recognised as the same fact.
 * A device reading and its HL7 copy normally arrive minutes apart; the window bounds the index's memory.
 */
public record FactSettings(boolean enabled, Duration window) {

    public static FactSettings from(Config facts) {
        return new FactSettings(Settings.bool(facts, "enabled", true),
                Duration.ofMinutes(Settings.longIn(facts, "window-minutes", 24 * 60, 1, 31L * 24 * 60)));
    }
}
