package holdfast.edge.journal;

import java.util.List;

/**
 * Told of every durable append, in journal order, on the lane's writer thread, right after the fsync.
 * Implementations must be quick and must not block (hand the entries to another thread).
 */
@FunctionalInterface
public interface AppendListener {
    AppendListener NONE = entries -> { };

    void appended(List<JournalEntry> entries);
}
