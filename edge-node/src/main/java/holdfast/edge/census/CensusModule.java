package holdfast.edge.census;

import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.ingest.IngestHook;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.module.Module;
import holdfast.edge.projection.Projection;
import java.time.Clock;

/** The bed census projected from ADT messages, and {@code /api/v1/census}. Owns no thread and no file. */
public final class CensusModule implements Module {

    private final CensusProjection census;
    private final Mount routes;

    private CensusModule(CensusProjection census, Mount routes) {
        this.census = census;
        this.routes = routes;
    }

    public static CensusModule build(LaneJournals journals, AuditLog audit, Clock clock, RouteKit web) {
        CensusProjection census = new CensusProjection(journals);
        CensusRoutes routes = new CensusRoutes(census, audit, web.problems(), clock);
        return new CensusModule(census, routes.mount(web.guard(), web.json()));
    }

    /** Who lies in which bed, as alerts ask. */
    public Census census() {
        return census;
    }

    /** Keeps the census as ADT messages are journaled. */
    public IngestHook hook() {
        return census;
    }

    /** Start-up's pass over the lanes rebuilds the census. */
    public Projection replay() {
        return census.replay();
    }

    public Mount routes() {
        return routes;
    }

    @Override
    public void close() {
    }
}
