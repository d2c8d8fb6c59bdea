package holdfast.edge.journal;

import holdfast.shared.envelope.Lane;

/** How long a lane journal's writes take, told from its writer thread: must be quick. */
public interface JournalTimings {
    JournalTimings NONE = new JournalTimings() { };

    /** One group commit: {@code events} written and forced to disk in {@code syncNanos}. */
    default void committed(Lane lane, int events, long syncNanos) {
    }

    /** One event: from {@link Journal#append} to durable. */
    default void appended(Lane lane, long appendNanos) {
    }
}
