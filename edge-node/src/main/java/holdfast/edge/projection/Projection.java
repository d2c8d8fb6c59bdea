package holdfast.edge.projection;

import holdfast.edge.journal.JournalEntry;

/**
 * Something the node derives from the lanes and rebuilds at start from one pass over them. Called on the
 * start-up thread, lane by lane (critical, standard, batch), each lane in journal order.
 */
public interface Projection {

    /** A name for the start-up log line. */
    String name();

    void replayed(JournalEntry entry);

    /** Every lane has been read: swap in what was built. */
    default void replayDone() {
    }
}
