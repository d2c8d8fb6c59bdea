package holdfast.edge.tls;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where one PKCS#12 file is and how its password is given: {@code <name>} (path),
 * {@code <name>-password} (the password itself) or {@code <name>-password-file} (a file holding it, so
 * it need not sit in the YAML; the environment can set either). {@code toString()} leaves the password out.
 *
 * @param key          the full key of the path, e.g. {@code mllp.tls.keystore}; error messages name it
 * @param path         the file; empty when not configured
 * @param password     the password given inline ("" when not)
 * @param passwordFile a file whose first line is the password
 */
record StoreFile(String key, Optional<Path> path, String password, Optional<Path> passwordFile) {

    static StoreFile from(Config section, String name) {
        String prefix = section.key().toString();
        String key = prefix.isEmpty() ? name : prefix + "." + name;
        Optional<Path> path = optionalPath(section, name);
        String password = Settings.string(section, name + "-password", "");
        Optional<Path> passwordFile = optionalPath(section, name + "-password-file");
        if (!password.isEmpty() && passwordFile.isPresent()) {
            throw new SettingsException(key + "-password",
                    "give the password either inline or in " + key + "-password-file, not both");
        }
        return new StoreFile(key, path, password, passwordFile);
    }

    static StoreFile none(String key) {
        return new StoreFile(key, Optional.empty(), "", Optional.empty());
    }

    String passwordKey() {
        return passwordFile.isPresent() ? key + "-password-file" : key + "-password";
    }

    @Override
    public String toString() {
        return "StoreFile[key=" + key + ", path=" + path.map(Path::toString).orElse("") + ", password="
                + (password.isEmpty() ? "" : "***") + ", passwordFile=" + passwordFile.map(Path::toString).orElse("")
                + "]";
    }

    private static Optional<Path> optionalPath(Config section, String name) {
        String value = Settings.string(section, name, "");
        return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }
}
