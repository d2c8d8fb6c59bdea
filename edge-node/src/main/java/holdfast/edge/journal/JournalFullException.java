package holdfast.edge.journal;

import holdfast.edge.HoldfastException;
import holdfast.shared.envelope.Lane;

/** The lane's writer has as many appends waiting as it may hold: the caller must back off. */
public final class JournalFullException extends HoldfastException {
    public JournalFullException(Lane lane, int capacity) {
        super("lane " + lane.wireName() + " writer is saturated (" + capacity + " appends waiting)");
    }
}
