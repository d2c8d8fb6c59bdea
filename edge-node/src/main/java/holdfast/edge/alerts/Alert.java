package holdfast.edge.alerts;

import java.time.Instant;

/**
 * A local alert as the API lists it (contract §4). {@code level} starts at 1 and rises while nobody
 * acknowledges it; {@code occurrences} counts the readings folded into it. {@code value} is null for a result
 * that is not a number (a lab's "POSITIVE" flagged {@code AA}); {@code valueText} then holds it as sent.
 */
record Alert(long id, String rule, String ward, String bed, String deviceId, String patientId, String code,
                    Double value, int level, Instant raisedAt, Instant lastSeenAt, int occurrences, AlertStatus status,
                    String acknowledgedBy, Instant acknowledgedAt, String triggerEventId, String unit,
                    String valueText) {

    Alert folded(Reading reading, Instant at) {
        return new Alert(id, rule, ward, bed, deviceId, patientId, code, reading.value(), level, raisedAt, at,
                occurrences + 1, status, acknowledgedBy, acknowledgedAt, triggerEventId, reading.unit(),
                reading.text());
    }

    Alert escalated() {
        return new Alert(id, rule, ward, bed, deviceId, patientId, code, value, level + 1, raisedAt, lastSeenAt,
                occurrences, status, acknowledgedBy, acknowledgedAt, triggerEventId, unit, valueText);
    }

    Alert acknowledged(String by, Instant at) {
        return new Alert(id, rule, ward, bed, deviceId, patientId, code, value, level, raisedAt, lastSeenAt,
                occurrences, AlertStatus.ACKNOWLEDGED, by, at, triggerEventId, unit, valueText);
    }

    boolean open() {
        return status == AlertStatus.OPEN;
    }

    Alert withId(long newId) {
        return new Alert(newId, rule, ward, bed, deviceId, patientId, code, value, level, raisedAt, lastSeenAt,
                occurrences, status, acknowledgedBy, acknowledgedAt, triggerEventId, unit, valueText);
    }

    /** The value that raised or refreshed an alert: a number, or the text of a non-numeric result. */
    record Reading(String code, Double value, String unit, String text) {
    }
}
