package holdfast.edge.devices;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Looks up where a device is. Implementations are thread-safe. */
public interface DeviceRegistry {

    /** A registry that knows no device (every reading keeps the bed it carries, if any). */
    DeviceRegistry EMPTY = deviceId -> Optional.empty();

    Optional<DevicePlacement> placementOf(String deviceId);

    /** Every device registered right now (a registry that cannot list them answers none). */
    default Collection<DevicePlacement> all() {
        return List.of();
    }
}
