package holdfast.edge.support;

import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.Mount;
import holdfast.edge.api.Problems;
import holdfast.edge.audit.AuditSettings;
import holdfast.edge.audit.H2AuditLog;
import holdfast.edge.audit.ReadAudit;
import holdfast.edge.security.BreakGlass;
import holdfast.edge.security.H2TokenStore;
import holdfast.edge.security.Principal;
import holdfast.edge.security.Role;
import holdfast.edge.security.SecuritySettings;
import holdfast.edge.store.Database;
import holdfast.shared.envelope.EnvelopeCodec;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * One feature's routes served alone, in memory (no socket, no node): the real guard, token store, audit trail
 * and H2 file in {@code dir}, and only the routes a test mounts. A route test starts in well under a second,
 * where a whole node opens lanes, broker, listeners and workers first. Reopening the same {@code dir} sees
 * what an earlier harness wrote, as a restarted node would. The bootstrap admin token is
 * {@link TestNode#ADMIN_TOKEN}.
 */
public final class RouteHarness implements AutoCloseable {

    private final Database database;
    private final MutableClock clock;
    private final H2AuditLog audit;
    private final H2TokenStore tokens;
    private final Problems problems;
    private final Json json;
    private final Guard guard;
    private final HttpRouting.Builder routing = HttpRouting.builder();
    private DirectClient client;

    private RouteHarness(Path dir, MutableClock clock) {
        this.clock = clock;
        this.database = new Database(dir.resolve("db").resolve("holdfast"));
        EnvelopeCodec codec = new EnvelopeCodec();
        this.audit = new H2AuditLog(database, clock);
        this.tokens = new H2TokenStore(database, audit, clock);
        tokens.ensureBootstrapAdmin(TestNode.ADMIN_TOKEN);
        BreakGlass breakGlass = new BreakGlass(database, audit, clock, SecuritySettings.defaults());
        this.problems = new Problems(codec.mapper());
        this.json = new Json(codec.mapper());
        this.guard = new Guard(tokens, breakGlass, new ReadAudit(audit, clock, AuditSettings.defaults()), problems);
    }

    /** Opens the store in {@code dir} (creating it on first use) with a clock at the current instant. */
    public static RouteHarness open(Path dir) {
        return open(dir, new MutableClock(java.time.Instant.now()));
    }

    public static RouteHarness open(Path dir, MutableClock clock) {
        return new RouteHarness(dir, clock);
    }

    /**
     * Registers a feature's routes under their prefix, as the node does, e.g.
     * {@code h.mount(h -> new AuditRoutes(...).mount(h.guard(), h.json()))}; call once per feature.
     */
    public RouteHarness mount(Function<RouteHarness, Mount> routes) {
        if (client != null) {
            throw new IllegalStateException("mount every route before the first request");
        }
        Mount mount = routes.apply(this);
        routing.register(mount.prefix(), mount);
        return this;
    }

    public Database database() {
        return database;
    }

    public MutableClock clock() {
        return clock;
    }

    public H2AuditLog audit() {
        return audit;
    }

    public H2TokenStore tokens() {
        return tokens;
    }

    public Problems problems() {
        return problems;
    }

    public Json json() {
        return json;
    }

    public Guard guard() {
        return guard;
    }

    /** Issues a token of {@code role} as the bootstrap admin would; returns its secret. */
    public String token(Role role, String name) {
        Principal admin = tokens.authenticate(TestNode.ADMIN_TOKEN).orElseThrow();
        return tokens.issue(name, role, null, admin).token();
    }

    public ApiClient.Response get(String path, String token) {
        return send(request(io.helidon.http.Method.GET, path), token, null);
    }

    public ApiClient.Response post(String path, String token, String body) {
        return send(request(io.helidon.http.Method.POST, path), token, body);
    }

    public ApiClient.Response delete(String path, String token) {
        return send(request(io.helidon.http.Method.DELETE, path), token, null);
    }

    /** The query goes in as parameters: left in the path, an instant's colons would be read as a scheme. */
    private Http1ClientRequest request(io.helidon.http.Method method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        Http1ClientRequest request = client().method(method).path(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                request.queryParam(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return request;
    }

    private DirectClient client() {
        if (client == null) {
            client = new DirectClient(routing);
        }
        return client;
    }

    private static ApiClient.Response send(Http1ClientRequest request, String token, String body) {
        if (token != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + token);
        }
        if (body != null) {
            request.header(HeaderNames.CONTENT_TYPE, "application/json");
        }
        try (Http1ClientResponse r = body == null ? request.request() : request.submit(body)) {
            return new ApiClient.Response(r.status().code(), r.as(String.class),
                    r.headers().first(HeaderNames.RETRY_AFTER).orElse(null),
                    r.headers().first(HeaderNames.CONTENT_TYPE).orElse(null));
        }
    }

    /** Closes the database, as stopping a node would; the files stay for the next harness. */
    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        database.close();
    }
}
