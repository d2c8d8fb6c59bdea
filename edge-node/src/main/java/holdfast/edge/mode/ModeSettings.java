package holdfast.edge.mode;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.time.Duration;

/**
 * {@code mode.*}: when the node may call itself ONLINE.
 *
 * @param onlineCriticalMaxAge ONLINE only while the critical lane holds nothing older than this (else DRAINING)
 */
record ModeSettings(Duration onlineCriticalMaxAge) {

    public static ModeSettings defaults() {
        return new ModeSettings(Duration.ofSeconds(5));
    }

    public static ModeSettings from(Config mode) {
        return new ModeSettings(Settings.millis(mode, "online-critical-max-age-ms", 5_000, 1));
    }
}
