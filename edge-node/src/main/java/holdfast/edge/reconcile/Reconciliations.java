package holdfast.edge.reconcile;

import holdfast.edge.security.Principal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The reconciliations store. Implementations are thread-safe. */
interface Reconciliations {

    long openCount();

    /** Newest first; {@code status} is {@code open}, {@code resolved} or null for all. */
    List<Reconciliation> list(String status, int limit);

    Optional<Reconciliation> find(long id);

    List<ReconciliationDetail.HistoryEntry> history(long id);

    /**
     * Marks an open reconciliation resolved inside {@code tx} and records it in its history. False when it
     * was not open (someone resolved it first).
     */
    boolean resolve(Connection tx, long id, ResolveCommand command, Principal who, String followUpEventId)
            throws SQLException;
}
