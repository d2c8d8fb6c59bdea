package holdfast.shared.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The three journals an event can live in. Declared from most to least urgent: the order is the sync
 * priority and the "only raises" order of an explicit priority.
 */
public enum Lane {
    CRITICAL, STANDARD, BATCH;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code critical}, {@code standard} or {@code batch}; anything else is refused. */
    @JsonCreator
    public static Lane fromWire(String value) {
        if (value != null) {
            for (Lane lane : values()) {
                if (lane.wireName().equals(value)) {
                    return lane;
                }
            }
        }
        throw new IllegalArgumentException("lane must be one of critical, standard, batch (was " + value + ")");
    }

    /** The more urgent of the two lanes. */
    public static Lane moreUrgent(Lane a, Lane b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
