package holdfast.shared.api;

import java.time.Instant;

/**
 * A local alert as {@code GET /api/v1/alerts} lists it (interface §4, plus rule, device, occurrences, unit).
 * {@code value} is null for a non-numeric lab result, whose text is then {@code valueText}.
 */
public record AlertItem(long id, String rule, String ward, String bed, String deviceId, String patientId, String code,
                        Double value, int level, Instant raisedAt, Instant lastSeenAt, int occurrences, String status,
                        String acknowledgedBy, Instant acknowledgedAt, String triggerEventId, String unit,
                        String valueText) {

    /** The value as a person reads it: number and unit, or the result's text. */
    public String valueWithUnit() {
        String shown = value == null ? (valueText == null ? "" : valueText)
                : value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf(value.longValue())
                : String.valueOf(value);
        return unit == null || unit.isBlank() ? shown : shown + " " + unit;
    }
}
