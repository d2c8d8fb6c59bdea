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
}
