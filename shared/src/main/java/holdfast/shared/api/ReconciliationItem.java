package holdfast.shared.api;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.shared.envelope.Subject;
import java.time.Instant;

/**
 * A pending (or resolved) reconciliation as {@code GET /api/v1/reconciliations} lists it: the disputed
 * event's summary, the cloud's verdict, reason and view, and how it was resolved.
 */
public record ReconciliationItem(long id, String eventId, String idempotencyKey, String lane, long laneSeq,
                                 String kind, Subject subject, String verdict, String reason, JsonNode cloud,
                                 String status, Instant openedAt, String resolution, String resolvedBy,
                                 Instant resolvedAt, String resolutionReason, String followUpEventId) {
}
