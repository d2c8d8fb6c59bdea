package holdfast.edge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.audit.AuditSettings;
import holdfast.edge.audit.ReadAudit;
import holdfast.edge.module.Module;
import holdfast.edge.security.BreakGlass;
import holdfast.edge.security.TokenStore;
import io.helidon.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The HTTP plumbing every feature's routes use (guard with read auditing, JSON, problem answers) and the node's
 * own routes: tokens, break-glass, the audit trail, who-am-I, the OpenAPI document and the status stream.
 * Reads {@code audit}.
 */
public final class ApiModule implements Module {

    private final RouteKit web;
    private final StatusStream statusStream;
    private final List<Mount> routes;

    private ApiModule(RouteKit web, StatusStream statusStream, List<Mount> routes) {
        this.web = web;
        this.statusStream = statusStream;
        this.routes = routes;
    }

    /** @param status the node's status, asked each second for each open stream */
    public static ApiModule build(Config config, TokenStore tokens, BreakGlass breakGlass, AuditLog audit,
                                  ObjectMapper mapper, Clock clock, Supplier<?> status) {
        Problems problems = new Problems(mapper);
        Guard guard = new Guard(tokens, breakGlass, new ReadAudit(audit, clock, AuditSettings.from(config.get("audit"))),
                problems);
        RouteKit web = new RouteKit(guard, new Json(mapper), problems);
        StatusStream statusStream = new StatusStream(status, tokens, Duration.ofSeconds(1), Duration.ofSeconds(5), 32);
        TokenRoutes tokenRoutes = new TokenRoutes(tokens, problems);
        BreakGlassRoutes breakGlassRoutes = new BreakGlassRoutes(breakGlass, problems);
        AuditRoutes auditRoutes = new AuditRoutes(audit, problems, clock);
        return new ApiModule(web, statusStream, List.of(statusStream.mount(guard, web.json(), problems),
                tokenRoutes.mount(guard, web.json()), breakGlassRoutes.mount(guard, web.json()),
                auditRoutes.mount(guard, web.json()), new WhoAmIRoutes().mount(guard, web.json()),
                new OpenApiRoutes().mount()));
    }

    /** What every feature writes its routes with. */
    public RouteKit web() {
        return web;
    }

    /** The status stream, e.g. to see how many consoles watch this node. */
    public StatusStream statusStream() {
        return statusStream;
    }

    /** Each under its own prefix. */
    public List<Mount> routes() {
        return routes;
    }

    /** Open status streams end, so that the web server can stop. */
    @Override
    public void close() {
        statusStream.close();
    }
}
