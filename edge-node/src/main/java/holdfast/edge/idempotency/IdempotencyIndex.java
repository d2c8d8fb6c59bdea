package holdfast.edge.idempotency;

import java.util.Optional;

/**
 * Idempotency key → first journaled event. A projection of the journals: an entry recorded here is always
 * already durable in a journal, and anything journaled but not yet recorded (a crash in between) is
 * recovered from the journal at start-up. Thread-safe.
 */
public interface IdempotencyIndex extends AutoCloseable {

    /** The event a key was first journaled as, if it is recorded (a read only: for ingest, {@link #claim}). */
    Optional<KnownEvent> find(String idempotencyKey);

    /**
     * The one call ingest makes before journaling a key: whether it is known, being ingested right now, or the
     * caller's to journal. A key is findable from its fsync on; between claim and fsync, the claim covers it.
     */
    Claim claim(String idempotencyKey);

    @Override
    void close();
}
