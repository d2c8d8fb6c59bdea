package holdfast.edge.api;

import holdfast.edge.security.Permission;
import holdfast.shared.api.CallerIdentity;
import io.helidon.webserver.http.HttpRules;

/**
 * {@code GET /api/v1/whoami} (any valid token): who the caller is, so the console can enable only the
 * actions the caller's role may take. The node still checks every action itself.
 */
final class WhoAmIRoutes {

    public void register(HttpRules routing, Guard guard, Json json) {
        routing.get("/api/v1/whoami", guard.requireAny((p, req, res) ->
                json.send(res, 200, new CallerIdentity(p.tokenId(), p.name(), p.role().wireName()))));
    }
}
