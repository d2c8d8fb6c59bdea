package holdfast.edge.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.idempotency.IdempotencyIndex;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.module.Gauges;
import holdfast.edge.module.Module;
import holdfast.edge.projection.Projection;
import holdfast.edge.store.Database;
import holdfast.edge.sync.ResendQueue;
import holdfast.shared.envelope.UuidV7Generator;
import java.time.Clock;

/**
 * Reconciliations the cloud's verdicts open and a person resolves: the resolver, its gauge and
 * {@code /api/v1/reconciliations}. The store itself is opened first ({@link #store}), since sync records the
 * verdicts into it; the resolver comes after sync, whose resend queue it fills.
 */
public final class ReconcileModule implements Module {

    private final H2Reconciliations reconciliations;
    private final Reconciler reconciler;
    private final Mount routes;

    private ReconcileModule(H2Reconciliations reconciliations, Reconciler reconciler, Mount routes) {
        this.reconciliations = reconciliations;
        this.reconciler = reconciler;
        this.routes = routes;
    }

    /** The reconciliations kept in H2, which sync opens from the cloud's verdicts. */
    public static H2Reconciliations store(Database database, ObjectMapper mapper, Clock clock) {
        return new H2Reconciliations(database, mapper, clock);
    }

    public static ReconcileModule build(String nodeId, H2Reconciliations reconciliations, Database database,
                                        ResendQueue resends, LaneJournals journals, IdempotencyIndex index,
                                        AuditLog audit, UuidV7Generator ids, ObjectMapper mapper, Clock clock,
                                        Gauges gauges, RouteKit web) {
        Reconciler reconciler = new Reconciler(nodeId, reconciliations, database, resends, journals, index, audit,
                ids, mapper, clock);
        gauges.gauge("holdfast_reconciliations_open", "Reconciliations waiting for a person", "",
                reconciliations::openCount);
        ReconciliationRoutes routes = new ReconciliationRoutes(reconciliations, reconciler, web.problems());
        return new ReconcileModule(reconciliations, reconciler,
                routes.mount(web.guard(), web.json()));
    }

    /** Resolutions a crash left half done are completed at start-up, in the one pass over the lanes. */
    public Projection completeInterrupted() {
        return reconciler.completeInterrupted();
    }

    public long openCount() {
        return reconciliations.openCount();
    }

    public Mount routes() {
        return routes;
    }

    @Override
    public void close() {
    }
}
