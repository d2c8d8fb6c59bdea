package holdfast.edge.api;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.security.Permission;
import holdfast.edge.security.Role;
import holdfast.edge.security.TokenStore;
import java.util.Map;

/**
 * {@code GET /api/v1/tokens} (list, never the secrets), {@code POST /api/v1/tokens} and
 * {@code DELETE /api/v1/tokens/{id}} (admin only; issuing and revoking are audited).
 */
public final class TokenRoutes {

    private final TokenStore tokens;
    private final Problems problems;

    public TokenRoutes(TokenStore tokens, Problems problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/tokens");
        routing.get("", guard.require(Permission.ADMINISTER, (p, req, res) ->
                json.send(res, 200, Map.of("items", tokens.list()))));
        routing.post("", guard.require(Permission.ADMINISTER, (p, req, res) -> {
            JsonNode body = json.object(req).orElse(null);
            if (body == null) {
                problems.badRequest(res, "body must be a JSON object", null);
                return;
            }
            Role role;
            try {
                role = Role.fromWire(body.path("role").asText(null));
            } catch (IllegalArgumentException e) {
                problems.badRequest(res, e.getMessage(), null);
                return;
            }
            String name = body.path("name").asText("");
            if (name.isBlank() || name.length() > 200) {
                problems.badRequest(res, "name is required (at most 200 characters)", null);
                return;
            }
            String deviceId = body.path("deviceId").isTextual() ? body.path("deviceId").asText() : null;
            if (deviceId != null && role != Role.DEVICE) {
                problems.badRequest(res, "deviceId binds device tokens only", null);
                return;
            }
            json.send(res, 201, tokens.issue(name, role, deviceId, p));
        }));
        routing.delete("/{id}", guard.require(Permission.ADMINISTER, (p, req, res) -> {
            String id = req.path().pathParameters().get("id");
            if (!tokens.revoke(id, p)) {
                problems.notFound(res, "no live token with id " + id);
                return;
            }
            res.status(204).send();
        }));
        return routing.build();
    }
}
