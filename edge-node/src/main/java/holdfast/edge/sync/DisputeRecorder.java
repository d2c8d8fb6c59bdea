package holdfast.edge.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where disputed verdicts go (the reconciliations). Called inside the sync worker's transaction, so a
 * reconciliation exists exactly when the cursor moved past its event. Implementations are thread-safe.
 */
@FunctionalInterface
public interface DisputeRecorder {

    DisputeRecorder NONE = (tx, disputes) -> { };

    void record(Connection tx, List<Dispute> disputes) throws SQLException;

    /**
     * True when a reconciliation for the event is still open: a verdict delivered twice (a consumer restarted
     * before it committed its offset) opens it once.
     */
    default boolean hasOpen(Connection tx, String eventId) throws SQLException {
        return false;
    }

    /** Oldest journal index an open dispute of the lane refers to (retention keeps it), or MAX_VALUE. */
    default long oldestOpenIndex(holdfast.shared.envelope.Lane lane) {
        return Long.MAX_VALUE;
    }
}
