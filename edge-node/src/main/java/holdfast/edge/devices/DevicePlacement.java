package holdfast.edge.devices;

import java.util.Objects;

/** Where a device is: its ward and its bed (bed ids in the contract's {@code ICU-301-A} form). */
public record DevicePlacement(String deviceId, String ward, String bed) {
    public DevicePlacement {
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
