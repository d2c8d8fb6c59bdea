package holdfast.edge.sync;

import holdfast.edge.journal.JournalEntry;
import holdfast.shared.api.UpstreamStatus;
import holdfast.shared.envelope.Lane;

/** How far each lane has been synced upstream, and the link's state. Thread-safe. */
public interface SyncProgress {

    /** Highest laneSeq the cloud has answered for (0 if none). */
    long syncedSeq(Lane lane);

    /** Journal index of that event, or {@link JournalEntry#NO_INDEX}. */
    long syncedIndex(Lane lane);

    UpstreamStatus upstream();

    /** True while the upstream is configured and reachable. */
    boolean reachable();
}
