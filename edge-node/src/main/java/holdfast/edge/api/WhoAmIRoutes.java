package holdfast.edge.api;

import holdfast.edge.security.Permission;
import holdfast.shared.api.CallerIdentity;

/**
 * {@code GET /api/v1/whoami} (any valid token): who the caller is, so the console can enable only the
 * actions the caller's role may take. The node still checks every action itself.
 */
final class WhoAmIRoutes {

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/whoami");
        routing.get("", guard.requireAny((p, req, res) ->
                json.send(res, 200, new CallerIdentity(p.tokenId(), p.name(), p.role().wireName()))));
        return routing.build();
    }
}
