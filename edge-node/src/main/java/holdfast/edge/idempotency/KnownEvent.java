package holdfast.edge.idempotency;

import holdfast.shared.envelope.Lane;

/**
 * What the index knows of an idempotency key: the event it was first journaled as.
 *
 * @param rawHash {@link ContentHash} of the bytes that event was journaled from (of its payload when it kept
 *                none), to tell a resend of the same bytes from different content under the same key; null when
 *                the journal no longer holds the event or nobody needed it yet
 */
public record KnownEvent(String idempotencyKey, String eventId, Lane lane, long laneSeq, long journalIndex,
                         String rawHash) {
}
