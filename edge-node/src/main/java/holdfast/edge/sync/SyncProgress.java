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

    /** True while the cloud is reachable again and the backlog held when it returned is still being sent. */
    default boolean draining() {
        return false;
    }

    /** Events per second the cloud has been answering for lately, over all lanes (0: none lately). */
    default double sendRate() {
        return 0;
    }

    /** Age of the oldest event of {@code lane} the cloud has not answered for yet (0: none). */
    default long oldestBacklogAgeMs(Lane lane) {
        return 0;
    }
}
