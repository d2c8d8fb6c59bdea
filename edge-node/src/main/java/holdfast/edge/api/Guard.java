package holdfast.edge.api;

import holdfast.edge.audit.ReadAudit;
import holdfast.edge.security.BreakGlass;
import holdfast.edge.security.Permission;
import holdfast.edge.security.Role;
import holdfast.edge.security.Principal;
import holdfast.edge.security.TokenStore;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * Bearer-token check in front of every API handler: {@code 401} without a valid token, {@code 403} when the
 * token's role lacks the permission. An operator with a running break-glass elevation is treated as an admin
 * until it ends. Thread-safe.
 */
public final class Guard {

    private final TokenStore tokens;
    private final BreakGlass breakGlass;
    private final ReadAudit reads;
    private final Problems problems;

    public Guard(TokenStore tokens, BreakGlass breakGlass, ReadAudit reads, Problems problems) {
        this.tokens = tokens;
        this.breakGlass = breakGlass;
        this.reads = reads;
        this.problems = problems;
    }

    /** A handler that runs {@code handler} only for a caller with {@code permission}. */
    public Handler require(Permission permission, GuardedHandler handler) {
        return requireAny((principal, req, res) -> {
            if (!principal.role().permits(permission)) {
                problems.send(res, 403, "Forbidden", "role " + principal.role().wireName()
                        + " may not do this (needs " + permission.name().toLowerCase(java.util.Locale.ROOT) + ")", null);
                return;
            }
            handler.handle(principal, req, res);
        });
    }

    /**
     * Like {@link #require}, for a read whose answer identifies patients: the read is written to the audit
     * trail (target: the request path and query) before the handler runs.
     */
    public Handler requirePatientRead(Permission permission, GuardedHandler handler) {
        return require(permission, (principal, req, res) -> {
            String query = req.query().rawValue();
            // The whole path: under a mount, req.path() is only what follows the feature's prefix.
            reads.read(principal.tokenId(), principal.name(),
                    req.path().absolute().path() + (query == null || query.isEmpty() ? "" : "?" + query));
            handler.handle(principal, req, res);
        });
    }

    /** A handler for any caller with a valid token, whatever its role. */
    public Handler requireAny(GuardedHandler handler) {
        return (req, res) -> {
            Optional<Principal> principal = authenticate(req);
            if (principal.isEmpty()) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"holdfast\"");
                problems.send(res, 401, "Unauthorized", "a valid bearer token is required", null);
                return;
            }
            handler.handle(principal.get(), req, res);
        };
    }

    private Optional<Principal> authenticate(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return tokens.authenticate(header.get().substring(7).trim()).map(this::withBreakGlass);
    }

    /** An operator under a running break-glass elevation acts as admin; the audit trail names the elevation. */
    private Principal withBreakGlass(Principal p) {
        if (p.role() != Role.OPERATOR || breakGlass.active(p.tokenId()).isEmpty()) {
            return p;
        }
        return new Principal(p.tokenId(), p.name() + " (break-glass)", Role.ADMIN, p.deviceId());
    }

    /** A handler that is told who is calling. */
    @FunctionalInterface
    public interface GuardedHandler {
        void handle(Principal principal, ServerRequest req, ServerResponse res) throws Exception;
    }
}
