package holdfast.edge.sync;

import holdfast.edge.journal.JournalEntry;
import holdfast.shared.api.UpstreamStatus;
import holdfast.shared.envelope.Lane;

/** No upstream configured: everything stays buffered, nothing is synced. */
final class NoUpstream implements SyncProgress {

    @Override
    public long syncedSeq(Lane lane) {
        return 0;
    }

    @Override
    public long syncedIndex(Lane lane) {
        return JournalEntry.NO_INDEX;
    }

    @Override
    public UpstreamStatus upstream() {
        return new UpstreamStatus("NOT_CONFIGURED", null, null);
    }

    @Override
    public boolean reachable() {
        return false;
    }
}
