package holdfast.edge.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.module.Module;
import holdfast.edge.store.Database;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Clock;

/** The node's own online snapshot (database, then journals) and {@code POST /api/v1/backup}. Reads {@code backup}. */
public final class BackupModule implements Module {

    private final Mount routes;

    private BackupModule(Mount routes) {
        this.routes = routes;
    }

    public static BackupModule build(Config config, String nodeId, Path dataDir, Database database,
                                     LaneJournals journals, AuditLog audit, ObjectMapper mapper, Clock clock,
                                     RouteKit web) {
        BackupRoutes routes = new BackupRoutes(new BackupService(BackupSettings.from(config.get("backup")), nodeId,
                dataDir, database, journals, audit, mapper, clock), web.problems());
        return new BackupModule(routes.mount(web.guard(), web.json()));
    }

    public Mount routes() {
        return routes;
    }

    /** A backup runs inside its request: nothing is left to stop. */
    @Override
    public void close() {
    }
}
