package holdfast.edge.census;

import holdfast.edge.api.RouteKit;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.module.Module;
import io.helidon.webserver.http.HttpService;
import java.time.Clock;

/** The bed census projected from ADT messages, and {@code /api/v1/census}. Owns no thread and no file. */
public final class CensusModule implements Module {

    private final CensusProjection census;
    private final HttpService routes;

    private CensusModule(CensusProjection census, HttpService routes) {
        this.census = census;
        this.routes = routes;
    }

    public static CensusModule build(LaneJournals journals, AuditLog audit, Clock clock, RouteKit web) {
        CensusProjection census = new CensusProjection(journals);
        CensusRoutes routes = new CensusRoutes(census, audit, web.problems(), clock);
        return new CensusModule(census, rules -> routes.register(rules, web.guard(), web.json()));
    }

    /** The projection: an ingest hook, fed at start-up by one pass over the lanes, and what alerts ask for a bed. */
    public CensusProjection census() {
        return census;
    }

    public HttpService routes() {
        return routes;
    }

    @Override
    public void close() {
    }
}
