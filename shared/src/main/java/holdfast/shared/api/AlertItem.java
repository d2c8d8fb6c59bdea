package holdfast.shared.api;

import java.time.Instant;

/** A local alert as {@code GET /api/v1/alerts} lists it (contract §4, plus rule, device, occurrences). */
public record AlertItem(long id, String rule, String ward, String bed, String deviceId, String patientId, String code,
                        double value, int level, Instant raisedAt, Instant lastSeenAt, int occurrences, String status,
                        String acknowledgedBy, Instant acknowledgedAt, String triggerEventId) {
}
