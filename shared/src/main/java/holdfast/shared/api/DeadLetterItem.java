package holdfast.shared.api;

import java.time.Instant;

/**
 * A dead letter as {@code GET /api/v1/dead-letters} lists it: its context, never its bytes, and who closed it
 * (reprocessed or discarded), when and why; {@code reprocessedEventId} is the event it became, else null.
 */
public record DeadLetterItem(long id, Instant receivedAt, String channel, String sourceSystem, String correlationId,
                             String idempotencyKey, String payloadSha256, int payloadSize, boolean truncated,
                             String contentType, String error, String priority, String status,
                             Instant resolvedAt, String resolvedBy, String resolutionReason,
                             String reprocessedEventId) {
}
