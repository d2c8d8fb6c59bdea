package holdfast.edge.devices;

import java.util.Optional;

/** Looks up where a device is. Implementations are thread-safe. */
public interface DeviceRegistry {

    /** A registry that knows no device (every reading keeps the bed it carries, if any). */
    DeviceRegistry EMPTY = deviceId -> Optional.empty();

    Optional<DevicePlacement> placementOf(String deviceId);
}
