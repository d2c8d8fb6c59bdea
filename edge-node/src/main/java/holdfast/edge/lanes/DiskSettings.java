package holdfast.edge.lanes;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import holdfast.shared.envelope.Lane;
import io.helidon.config.Config;

/**
 * Disk watermarks ({@code disk.*}), in MiB of free space below which each lane refuses new events.
 * Defaults: batch 2048, standard 1024, critical 256 (the reserve). Each must be at most the one before it.
 */
public record DiskSettings(long batchMinFreeMb, long standardMinFreeMb, long criticalMinFreeMb,
                           long checkIntervalMillis) {

    public static DiskSettings defaults() {
        return new DiskSettings(2048, 1024, 256, 500);
    }

    public static DiskSettings from(Config disk) {
        DiskSettings d = defaults();
        DiskSettings s = new DiskSettings(
                Settings.longIn(disk, "batch-min-free-mb", d.batchMinFreeMb(), 0, Long.MAX_VALUE >> 20),
                Settings.longIn(disk, "standard-min-free-mb", d.standardMinFreeMb(), 0, Long.MAX_VALUE >> 20),
                Settings.longIn(disk, "critical-min-free-mb", d.criticalMinFreeMb(), 0, Long.MAX_VALUE >> 20),
                Settings.longIn(disk, "check-interval-ms", d.checkIntervalMillis(), 10, 60_000));
        if (s.standardMinFreeMb() > s.batchMinFreeMb()) {
            throw new SettingsException("disk.standard-min-free-mb", "must not exceed disk.batch-min-free-mb");
        }
        if (s.criticalMinFreeMb() > s.standardMinFreeMb()) {
            throw new SettingsException("disk.critical-min-free-mb", "must not exceed disk.standard-min-free-mb");
        }
        return s;
    }

    long minFreeBytes(Lane lane) {
        long mb = switch (lane) {
            case CRITICAL -> criticalMinFreeMb;
            case STANDARD -> standardMinFreeMb;
            case BATCH -> batchMinFreeMb;
        };
        return mb << 20;
    }
}
