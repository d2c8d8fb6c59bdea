package holdfast.edge.activity;

import java.time.Instant;

/**
 * One device as {@code GET /api/v1/devices} lists it. {@code expectedIntervalSeconds} is configured (by device id
 * prefix) or learned from the device's own recent gaps ({@code intervalSource} says which); null while unknown.
 * {@code lastDeadLetterAt} and {@code lastDeadLetterReason} (a fixed reason code, never the input's words) say
 * when this device's input was last refused; null when never since start.
 */
record DeviceSummary(String deviceId, String channel, String ward, String bed, boolean registered,
                            Instant lastSeenAt, int readingsLast5Minutes, int readingsLast60Minutes,
                            Long expectedIntervalSeconds, String intervalSource, String state,
                            Instant lastDeadLetterAt, String lastDeadLetterReason) {

    DeviceSummary withDeadLetter(DeviceActivity.LastDeadLetter last) {
        return last == null ? this : new DeviceSummary(deviceId, channel, ward, bed, registered, lastSeenAt,
                readingsLast5Minutes, readingsLast60Minutes, expectedIntervalSeconds, intervalSource, state, last.at(),
                last.reason());
    }
}
