package holdfast.edge.idempotency;

import java.util.Optional;

/**
 * Idempotency key → first journaled event. A projection of the journals: an entry recorded here is always
 * already durable in a journal, and anything journaled but not yet recorded (a crash in between) is
 * recovered from the journal at start-up. Thread-safe.
 */
public interface IdempotencyIndex extends AutoCloseable {

    Optional<KnownEvent> find(String idempotencyKey);

    /**
     * Says the key is about to be journaled. Call after a {@link #find} that came back empty and before the
     * append, so that lookups never skip the database for a key that may already be in a journal.
     */
    void expect(String idempotencyKey);

    @Override
    void close();
}
