package holdfast.edge.devices;

import holdfast.edge.HoldfastException;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry from configuration: fixed entries plus the devices file, re-read on lookup once the reload
 * interval has passed and the file's modification time or size changed (no watcher thread to manage; a
 * biomed engineer's edit is live within {@code reload-seconds}). A file that cannot be parsed is logged and
 * the previous mapping kept, so a typo never unmaps a ward. Thread-safe: lookups read an immutable map.
 */
public final class FileDeviceRegistry implements DeviceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(FileDeviceRegistry.class);

    private final DeviceRegistrySettings settings;
    private final Clock clock;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Map<String, DevicePlacement> byId;
    private volatile long nextCheckMillis;
    private volatile String fileStamp = "";

    public FileDeviceRegistry(DeviceRegistrySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.byId = merge(List.of());
        reloadIfChanged(true);
    }

    @Override
    public Optional<DevicePlacement> placementOf(String deviceId) {
        if (clock.millis() >= nextCheckMillis && reloading.tryLock()) {
            try {
                reloadIfChanged(false);
            } finally {
                reloading.unlock();
            }
        }
        return Optional.ofNullable(byId.get(deviceId));
    }

    @Override
    public Collection<DevicePlacement> all() {
        placementOf(""); // the same reload check a lookup makes
        return List.copyOf(byId.values());
    }

    /** How many devices are mapped right now. */
    public int size() {
        return byId.size();
    }

    private void reloadIfChanged(boolean atStart) {
        nextCheckMillis = clock.millis() + settings.reloadInterval().toMillis();
        Path file = settings.file();
        if (file == null) {
            return;
        }
        String stamp = stamp(file);
        if (stamp.equals(fileStamp)) {
            return;
        }
        try {
            List<DevicePlacement> fromFile = stamp.isEmpty() ? List.of() : read(file);
            byId = merge(fromFile);
            fileStamp = stamp;
            LOG.info("event=devices.loaded file={} devices={}", file, byId.size());
        } catch (RuntimeException e) {
            if (atStart) {
                throw new HoldfastException("device file " + file + " cannot be used: " + e.getMessage(), e);
            }
            fileStamp = stamp; // do not retry the same broken content on every lookup
            LOG.warn("event=devices.reload_failed file={} error=\"{}\" keeping={}", file, e.getMessage(), byId.size());
        }
    }

    private Map<String, DevicePlacement> merge(List<DevicePlacement> fromFile) {
        Map<String, DevicePlacement> m = new HashMap<>();
        settings.entries().forEach(p -> m.put(p.deviceId(), p));
        fromFile.forEach(p -> m.put(p.deviceId(), p));
        return Map.copyOf(m);
    }

    private static List<DevicePlacement> read(Path file) {
        Config config = Config.builder().sources(ConfigSources.file(file))
                .disableEnvironmentVariablesSource().disableSystemPropertiesSource().build();
        return DeviceRegistrySettings.entries(config.get("devices"));
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new HoldfastException("cannot read device file " + file, e);
        }
    }
}
