package holdfast.edge.journal;

/** Reads a lane journal forward. Not thread-safe: one reader per thread. */
public interface JournalReader extends AutoCloseable {

    /** The next entry, or null when the reader has reached the end of what is written so far. */
    JournalEntry next();

    @Override
    void close();
}
