package holdfast.edge.security;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.time.Duration;

/**
 * {@code security.*}: {@code admin-token} is the bootstrap admin secret ({@code HOLDFAST_ADMIN_TOKEN});
 * empty means "generate one on first start and write it to {@code $HOLDFAST_DATA_DIR/admin-token}".
 * {@code break-glass-default-minutes} (default 30) is how long an operator's elevation to admin lasts when the
 * request names no duration; {@code break-glass-max-minutes} (default 240) is the longest one may ask for.
 */
public record SecuritySettings(String adminToken, Duration breakGlassDefault, Duration breakGlassMax) {

    @Override
    public String toString() {
        return "SecuritySettings[adminToken=" + (adminToken.isEmpty() ? "<generated>" : "<configured>")
                + ", breakGlassDefault=" + breakGlassDefault + ", breakGlassMax=" + breakGlassMax + "]";
    }

    public static SecuritySettings defaults() {
        return new SecuritySettings("", Duration.ofMinutes(30), Duration.ofMinutes(240));
    }

    public static SecuritySettings from(Config security) {
        long max = Settings.longIn(security, "break-glass-max-minutes", 240, 1, 24 * 60);
        return new SecuritySettings(Settings.string(security, "admin-token", ""),
                Duration.ofMinutes(Settings.longIn(security, "break-glass-default-minutes", 30, 1, max)),
                Duration.ofMinutes(max));
    }
}
