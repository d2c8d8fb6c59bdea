package holdfast.edge.alerts;

import java.time.Instant;

/**
 * A local alert as the API lists it (contract §4). {@code level} starts at 1 and rises while nobody
 * acknowledges it; {@code occurrences} counts the readings folded into it.
 */
public record Alert(long id, String rule, String ward, String bed, String deviceId, String patientId, String code,
                    double value, int level, Instant raisedAt, Instant lastSeenAt, int occurrences, String status,
                    String acknowledgedBy, Instant acknowledgedAt, String triggerEventId) {

    Alert folded(double newValue, Instant at) {
        return new Alert(id, rule, ward, bed, deviceId, patientId, code, newValue, level, raisedAt, at, occurrences + 1,
                status, acknowledgedBy, acknowledgedAt, triggerEventId);
    }

    Alert escalated() {
        return new Alert(id, rule, ward, bed, deviceId, patientId, code, value, level + 1, raisedAt, lastSeenAt,
                occurrences, status, acknowledgedBy, acknowledgedAt, triggerEventId);
    }

    Alert acknowledged(String by, Instant at) {
        return new Alert(id, rule, ward, bed, deviceId, patientId, code, value, level, raisedAt, lastSeenAt,
                occurrences, "acknowledged", by, at, triggerEventId);
    }
}
