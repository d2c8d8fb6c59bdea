package holdfast.edge.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.shared.envelope.Subject;
import java.time.Instant;

/**
 * One disputed event and what became of it. {@code status} is {@code open} or {@code resolved};
 * {@code resolution} is then one of {@code resend}, {@code reattribute}, {@code void}, {@code accept}.
 * {@code cloud} is the cloud's own view (may be null); {@code followUpEventId} the correction or void event
 * a resolution journaled.
 */
record Reconciliation(long id, String eventId, String idempotencyKey, String lane, long laneSeq,
                             long journalIndex, String kind, Subject subject, String verdict, String reason,
                             JsonNode cloud, String status, Instant openedAt, String resolution, String resolvedBy,
                             Instant resolvedAt, String resolutionReason, String followUpEventId) {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";

    public boolean open() {
        return OPEN.equals(status);
    }
}
