package holdfast.edge.deadletter;

/** Where refused input is kept. Thread-safe. */
public interface DeadLetters {

    /** Stores the dead letter durably (on disk when this returns) and returns its id. */
    long record(DeadLetter deadLetter);

    /** How many dead letters are still open (not reprocessed or discarded). */
    long openCount();

    /** Dead letters with the given status ({@code open}, ...), newest first, at most {@code limit}. */
    java.util.List<DeadLetterSummary> list(String status, int limit);
}
