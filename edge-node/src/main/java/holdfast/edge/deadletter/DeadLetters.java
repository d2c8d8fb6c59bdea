package holdfast.edge.deadletter;

/** Where refused input is kept. Thread-safe. */
public interface DeadLetters {

    /** Stores the dead letter durably (on disk when this returns) and returns its id. */
    long record(DeadLetter deadLetter);

    /** How many dead letters are still open (not reprocessed or discarded). */
    long openCount();

    /** Dead letters with the given status ({@code open}, ...), newest first, at most {@code limit}. */
    java.util.List<DeadLetterSummary> list(String status, int limit);

    java.util.Optional<DeadLetterSummary> find(long id);

    /**
     * Closes an open dead letter as discarded, with who and why, in one durable transaction with its audit
     * row. False when it is not open (already closed, or no such id).
     */
    boolean discard(long id, String actorId, String actor, String reason);

    /** The stored bytes and context of a dead letter, for reprocessing; empty when there is no such id. */
    java.util.Optional<StoredInput> input(long id);

    /**
     * Closes an open dead letter as reprocessed into {@code eventId}, in one durable transaction with its audit
     * row. False when it is not open any more.
     */
    boolean markReprocessed(long id, String eventId, String actorId, String actor, String reason);

    /** Keeps an open dead letter open with the error its reprocessing met, and audits the attempt. */
    void recordReprocessFailure(long id, String error, String actorId, String actor, String reason);
}
