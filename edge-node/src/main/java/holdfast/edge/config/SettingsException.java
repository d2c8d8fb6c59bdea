package holdfast.edge.config;

import holdfast.edge.HoldfastException;

/** A configuration value that cannot be used; the message names the key and what is allowed. */
public final class SettingsException extends HoldfastException {
    public SettingsException(String key, String problem) {
        super("configuration key '" + key + "': " + problem);
    }
}
