package holdfast.edge.ingest;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code readings.*}: which device readings are believable. {@code observed-at-max-age-hours} (default 720, 30
 * days: a device that buffered through an outage still gets in) and {@code observed-at-max-ahead-seconds}
 * (default 600: device clocks drift a little, never by years) bound {@code observedAt}; {@code plausible-ranges}
 * bound the values a body can physically show per code (a heart rate of -5 /min or an SpO2 of 140 % is a broken
 * sensor or a broken sender, and must not raise a clinical alert nor reach the cloud as a fact). Outside either,
 * a reading is refused as invalid and kept as a dead letter, so the fault is seen rather than journaled.
 */
record ReadingPolicy(Duration maxAge, Duration maxAhead, List<PlausibleRange> ranges) {

    /**
     * Values of {@code code} must lie in [{@code min}, {@code max}]. When {@code unit} is set, the range applies
     * only to values sent in that unit or with no unit, so a temperature in [degF] is not judged in Celsius.
     */
    public record PlausibleRange(String code, double min, double max, String unit) {
        boolean appliesTo(String observedCode, String observedUnit) {
            return code.equals(observedCode) && (unit == null || observedUnit == null || unit.equals(observedUnit));
        }
    }

    /** What no living patient shows, for the vital signs bedside monitors send (LOINC). */
    public static final List<PlausibleRange> DEFAULT_RANGES = List.of(
            new PlausibleRange("8867-4", 0, 350, "/min"),     // heart rate
            new PlausibleRange("59408-5", 0, 100, "%"),       // SpO2 by pulse oximetry
            new PlausibleRange("2708-6", 0, 100, "%"),        // SaO2
            new PlausibleRange("9279-1", 0, 200, "/min"),     // respiratory rate
            new PlausibleRange("8480-6", 0, 400, "mm[Hg]"),   // systolic blood pressure
            new PlausibleRange("8462-4", 0, 300, "mm[Hg]"),   // diastolic blood pressure
            new PlausibleRange("8310-5", 10, 50, "Cel"));     // body temperature

    /** The shipped defaults, for callers that build a parser without configuration. */
    public static final ReadingPolicy DEFAULT =
            new ReadingPolicy(Duration.ofHours(720), Duration.ofSeconds(600), DEFAULT_RANGES);

    public ReadingPolicy {
        ranges = List.copyOf(ranges);
    }

    public static ReadingPolicy from(Config readings) {
        Config rangesNode = readings.get("plausible-ranges");
        List<PlausibleRange> ranges = rangesNode.exists() ? ranges(rangesNode) : DEFAULT_RANGES;
        return new ReadingPolicy(
                Duration.ofHours(Settings.longIn(readings, "observed-at-max-age-hours", 720, 1, 24L * 365 * 20)),
                Duration.ofSeconds(Settings.longIn(readings, "observed-at-max-ahead-seconds", 600, 0, 86_400L * 7)),
                ranges);
    }

    private static List<PlausibleRange> ranges(Config node) {
        List<PlausibleRange> ranges = new ArrayList<>();
        for (Config entry : node.asNodeList().orElse(List.of())) {
            String code = Settings.string(entry, "code", "");
            if (code.isEmpty()) {
                throw new SettingsException(entry.key() + ".code", "is required (an observation code such as 8867-4)");
            }
            if (!entry.get("min").exists() || !entry.get("max").exists()) {
                throw new SettingsException(entry.key().toString(), "needs both min and max");
            }
            double min = Settings.number(entry, "min", 0);
            double max = Settings.number(entry, "max", 0);
            if (!(min < max)) {
                throw new SettingsException(entry.key() + ".max", "must be more than min (" + min + ")");
            }
            String unit = Settings.string(entry, "unit", "");
            ranges.add(new PlausibleRange(code, min, max, unit.isEmpty() ? null : unit));
        }
        return ranges;
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

    /**
     * The reason a value is refused, or null when it is believable. Names the code and the range, never the
     * value itself: the dead letter keeps the bytes for whoever is allowed to read them.
     */
    String implausible(String code, double value, String unit) {
        for (PlausibleRange range : ranges) {
            if (range.appliesTo(code, unit) && (value < range.min() || value > range.max())) {
                return "value is outside the physiologically possible range " + plain(range.min()) + ".."
                        + plain(range.max()) + (range.unit() == null ? "" : " " + range.unit())
                        + " for code " + code;
            }
        }
        return null;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
