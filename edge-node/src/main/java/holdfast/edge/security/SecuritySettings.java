package holdfast.edge.security;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;

/**
 * {@code security.*}: {@code admin-token} is the bootstrap admin secret ({@code HOLDFAST_ADMIN_TOKEN});
 * empty means "generate one on first start and write it to {@code $HOLDFAST_DATA_DIR/admin-token}".
 */
public record SecuritySettings(String adminToken) {

    @Override
    public String toString() {
        return "SecuritySettings[adminToken=" + (adminToken.isEmpty() ? "<generated>" : "<configured>") + "]";
    }

    public static SecuritySettings from(Config security) {
        return new SecuritySettings(Settings.string(security, "admin-token", ""));
    }
}
