package holdfast.edge.deadletter;

import java.time.Instant;

/**
 * A dead letter as listed to operators: its context, never its bytes. {@code reprocessedEventId} is the event
 * it became when it was reprocessed (status {@code reprocessed}), else null. {@code repeats} counts how often the
 * same input (same channel, same bytes) came again while this one was open, {@code lastSeenAt} when it last did
 * (null if never).
 */
public record DeadLetterSummary(long id, Instant receivedAt, String channel, String sourceSystem,
                                String correlationId, String idempotencyKey, String payloadSha256, int payloadSize,
                                boolean truncated, String contentType, String error, String priority, DeadLetterStatus status,
                                Instant resolvedAt, String resolvedBy, String resolutionReason,
                                String reprocessedEventId, int repeats, Instant lastSeenAt) {
}
