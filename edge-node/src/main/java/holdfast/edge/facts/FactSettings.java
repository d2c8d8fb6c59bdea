package holdfast.edge.facts;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;

/**
 * {@code facts.*}: whether readings and HL7 OBX are matched as the same fact, and how many facts the index
 * remembers. The bound is a count, not an age: an interface engine that backfills ORUs days after its own
 * outage must still find the device readings of the same moment, however late it sends them.
 */
record FactSettings(boolean enabled, int maxFacts) {

    /** About 200 bytes of heap per fact; the default bounds the index near 40 MB. */
    public static final int DEFAULT_MAX_FACTS = 200_000;

    public static FactSettings from(Config facts) {
        return new FactSettings(Settings.bool(facts, "enabled", true),
                Settings.intIn(facts, "max-facts", DEFAULT_MAX_FACTS, 1_000, 20_000_000));
    }
}
