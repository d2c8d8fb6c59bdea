package holdfast.edge.idempotency;

import holdfast.shared.envelope.Lane;

/** What the index knows of an idempotency key: the event it was first journaled as. */
public record KnownEvent(String idempotencyKey, String eventId, Lane lane, long laneSeq, long journalIndex,
                         String contentHash) {
}
