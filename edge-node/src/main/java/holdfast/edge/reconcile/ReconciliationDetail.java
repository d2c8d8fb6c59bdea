package holdfast.edge.reconcile;

import holdfast.edge.sync.ResendQueue;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/reconciliations/{id}}: the reconciliation, its history and its resends. */
record ReconciliationDetail(Reconciliation reconciliation, List<HistoryEntry> history,
                                   List<ResendQueue.Resend> resends) {

    public ReconciliationDetail {
        history = List.copyOf(history);
        resends = List.copyOf(resends);
    }

    /** One step in a reconciliation's life (opened, resolved:…), oldest first. */
    public record HistoryEntry(Instant at, String action, String actor, String detail) {
    }
}
