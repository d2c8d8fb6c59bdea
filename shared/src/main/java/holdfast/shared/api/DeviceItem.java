package holdfast.shared.api;

import java.time.Instant;

/**
 * A device as {@code GET /api/v1/devices} lists it: state {@code silent}, {@code never-seen}, {@code late} or
 * {@code ok}; its last dead letter (time and reason code) when it has one since the node started.
 */
public record DeviceItem(String deviceId, String channel, String ward, String bed, boolean registered,
                         Instant lastSeenAt, int readingsLast5Minutes, int readingsLast60Minutes,
                         Long expectedIntervalSeconds, String intervalSource, String state,
                         Instant lastDeadLetterAt, String lastDeadLetterReason) {
}
