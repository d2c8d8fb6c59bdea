package holdfast.edge.backup;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.nio.file.Path;

/**
 * {@code backup.*}: the directory the node writes backups into (each backup is a new sub-directory). It should
 * be on another disk than the data dir: a backup on the same disk does not survive that disk.
 */
public record BackupSettings(Path directory) {

    public static BackupSettings defaults() {
        return new BackupSettings(Path.of("./backups").toAbsolutePath().normalize());
    }

    public static BackupSettings from(Config backup) {
        String dir = Settings.string(backup, "dir", "./backups");
        if (dir.isBlank()) {
            throw new SettingsException(backup.get("dir").key().toString(), "must not be empty");
        }
        return new BackupSettings(Path.of(dir).toAbsolutePath().normalize());
    }
}
