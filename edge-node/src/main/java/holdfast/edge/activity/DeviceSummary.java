package holdfast.edge.activity;

import java.time.Instant;

/**
 * One device as {@code GET /api/v1/devices} lists it. {@code expectedIntervalSeconds} is configured (by device id
 * prefix) or learned from the device's own recent gaps ({@code intervalSource} says which); null while unknown.
 */
public record DeviceSummary(String deviceId, String channel, String ward, String bed, boolean registered,
                            Instant lastSeenAt, int readingsLast5Minutes, int readingsLast60Minutes,
                            Long expectedIntervalSeconds, String intervalSource, String state) {
}
