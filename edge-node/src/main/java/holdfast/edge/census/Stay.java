package holdfast.edge.census;

import java.time.Instant;

/**
 * One patient's time in one bed: from {@code from} (inclusive) to {@code to} (exclusive; null while still
 * there). {@code sinceEventId} is the hl7 event that placed the patient there. {@link #toString()} leaves
 * the patient out.
 */
public record Stay(String bed, String patientId, String encounterId, Instant from, Instant to,
                   String sinceEventId) {

    boolean covers(Instant at) {
        return !at.isBefore(from) && (to == null || at.isBefore(to));
    }

    Stay endingAt(Instant end) {
        return new Stay(bed, patientId, encounterId, from, end, sinceEventId);
    }

    Stay withPatient(String newPatientId) {
        return new Stay(bed, newPatientId, encounterId, from, to, sinceEventId);
    }

    @Override
    public String toString() {
        return "Stay[bed=" + bed + ", from=" + from + ", to=" + to + ", since=" + sinceEventId + "]";
    }
}
