package holdfast.edge.journal;

import holdfast.shared.envelope.EventEnvelope;

/** A journaled event and the journal's own index for it (opaque; used to resume reading). */
public record JournalEntry(EventEnvelope event, long index) {
    public static final long NO_INDEX = -1;
}
