package holdfast.edge.devices;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code devices.*}: {@code entries} (a list of {@code {id, ward, bed}} fixed at start-up), {@code file}
 * (default {@code config/devices.yaml}; a missing file is an empty list) whose {@code devices:} list is
 * re-read when it changes and wins over {@code entries} for the same id, and {@code reload-seconds} (how
 * often the file's modification time is checked, default 5).
 */
public record DeviceRegistrySettings(List<DevicePlacement> entries, Path file, Duration reloadInterval) {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    static final Pattern BED = Pattern.compile("[A-Za-z0-9 ._-]{1,64}");

    public DeviceRegistrySettings {
        entries = List.copyOf(entries);
    }

    public static DeviceRegistrySettings from(Config devices) {
        String file = Settings.string(devices, "file", "config/devices.yaml");
        return new DeviceRegistrySettings(entries(devices.get("entries")),
                file.isBlank() ? null : Path.of(file).toAbsolutePath().normalize(),
                Duration.ofSeconds(Settings.intIn(devices, "reload-seconds", 5, 1, 3600)));
    }

    /** Reads a list of {@code {id, ward, bed}}; a bad entry fails naming its key. */
    static List<DevicePlacement> entries(Config list) {
        List<DevicePlacement> out = new ArrayList<>();
        if (!list.exists()) {
            return out;
        }
        for (Config entry : list.asNodeList().orElse(List.of())) {
            String id = Settings.string(entry, "id", "");
            if (!ID.matcher(id).matches()) {
                throw new SettingsException(entry.key() + ".id", "must match " + ID.pattern());
            }
            String bed = Settings.string(entry, "bed", null);
            if (bed != null && !BED.matcher(bed).matches()) {
                throw new SettingsException(entry.key() + ".bed", "must match " + BED.pattern());
            }
            String ward = Settings.string(entry, "ward", null);
            if (ward == null && bed != null) {
                ward = bed.split("-", 2)[0];
            }
            out.add(new DevicePlacement(id, ward, bed));
        }
        return out;
    }
}
