package holdfast.edge.config;

import io.helidon.config.Config;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Typed reads of configuration values with defaults, failing with a {@link SettingsException} that names
 * the full key. Every feature's {@code XxxSettings.from(Config)} goes through these so that a bad value
 * stops start-up the same way everywhere.
 */
public final class Settings {
    private Settings() {
    }

    public static String string(Config config, String key, String defaultValue) {
        Config node = config.get(key);
        return node.exists() ? node.asString().get().trim() : defaultValue;
    }

    public static int intIn(Config config, String key, int defaultValue, int min, int max) {
        long value = longIn(config, key, defaultValue, min, max);
        return (int) value;
    }

    public static long longIn(Config config, String key, long defaultValue, long min, long max) {
        Config node = config.get(key);
        long value = defaultValue;
        if (node.exists()) {
            String text = node.asString().get().trim();
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new SettingsException(node.key().toString(), "'" + text + "' is not a whole number");
            }
        }
        if (value < min || value > max) {
            throw new SettingsException(node.key().toString(),
                    value + " is out of range; allowed " + min + " to " + max);
        }
        return value;
    }

    public static double number(Config config, String key, double defaultValue) {
        Config node = config.get(key);
        if (!node.exists()) {
            return defaultValue;
        }
        String text = node.asString().get().trim();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new SettingsException(node.key().toString(), "'" + text + "' is not a number");
        }
    }

    public static boolean bool(Config config, String key, boolean defaultValue) {
        Config node = config.get(key);
        if (!node.exists()) {
            return defaultValue;
        }
        String text = node.asString().get().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new SettingsException(node.key().toString(), "'" + text + "' is not true or false");
        };
    }

    public static Duration millis(Config config, String key, long defaultMillis, long minMillis) {
        return Duration.ofMillis(longIn(config, key, defaultMillis, minMillis, Long.MAX_VALUE));
    }

    /** A value parsed by {@code parser}; an {@link IllegalArgumentException} from it becomes a settings error. */
    public static <T> T parsed(Config config, String key, T defaultValue, Function<String, T> parser) {
        Config node = config.get(key);
        if (!node.exists()) {
            return defaultValue;
        }
        String text = node.asString().get().trim();
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(node.key().toString(), e.getMessage());
        }
    }
}
