package holdfast.edge.devices;

import holdfast.shared.envelope.Subject;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The subject of a device's reading, for every channel. The registry wins over the bed a device reports:
 * devices keep stale bed settings when they are moved, while the registry is what biomed maintains. A
 * device the registry does not know keeps the bed it reports (ward = the bed's first component), or none;
 * its reading is still journaled, and the {@code unmapped} hook counts it. Thread-safe.
 */
public final class DeviceSubjects {

    private final DeviceRegistry registry;
    private final Consumer<String> unmapped;

    /** @param unmapped called with the channel for each reading from a device the registry does not know */
    public DeviceSubjects(DeviceRegistry registry, Consumer<String> unmapped) {
        this.registry = Objects.requireNonNull(registry);
        this.unmapped = Objects.requireNonNull(unmapped);
    }

    public Subject subjectFor(String channel, String deviceId, String reportedBed) {
        Optional<DevicePlacement> placement = registry.placementOf(deviceId);
        if (placement.isPresent()) {
            DevicePlacement p = placement.get();
            return new Subject(null, null, p.ward(), p.bed(), deviceId);
        }
        unmapped.accept(channel);
        String ward = reportedBed == null ? null : reportedBed.split("-", 2)[0];
        return new Subject(null, null, ward, reportedBed, deviceId);
    }
}
