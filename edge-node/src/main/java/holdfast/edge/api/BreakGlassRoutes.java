package holdfast.edge.api;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.security.BreakGlass;
import holdfast.edge.security.Permission;
import java.time.Duration;
import java.util.Map;

/**
 * Break-glass (extension of contract §4): {@code POST /api/v1/break-glass} with {@code {"reason", "minutes"}}
 * elevates the calling operator to admin until it expires ({@code 201} with the elevation; {@code 400} without
 * a reason or with too long a duration; {@code 403} for other roles; {@code 409} when already elevated);
 * {@code DELETE /api/v1/break-glass} ends the caller's elevation early ({@code 204}, {@code 404} if none);
 * {@code GET /api/v1/break-glass} lists the running elevations (viewer or above; also in the status).
 */
final class BreakGlassRoutes {

    private final BreakGlass breakGlass;
    private final Problems problems;

    public BreakGlassRoutes(BreakGlass breakGlass, Problems problems) {
        this.breakGlass = breakGlass;
        this.problems = problems;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/break-glass");
        routing.get("", guard.require(Permission.VIEW, (p, req, res) ->
                json.send(res, 200, Map.of("items", breakGlass.activeAll()))));
        routing.post("", guard.require(Permission.OPERATE, (p, req, res) -> {
            JsonNode body = json.object(req).orElse(null);
            if (body == null) {
                problems.badRequest(res, "body must be a JSON object with a reason (and minutes)", null);
                return;
            }
            JsonNode minutes = body.path("minutes");
            if (!minutes.isMissingNode() && !minutes.canConvertToInt()) {
                problems.badRequest(res, "minutes must be a whole number", null);
                return;
            }
            Duration duration = minutes.isMissingNode() ? null : Duration.ofMinutes(minutes.asInt());
            BreakGlass.Request outcome = breakGlass.elevate(p, body.path("reason").asText(null), duration);
            switch (outcome) {
                case BreakGlass.Granted granted -> json.send(res, 201, granted.elevation());
                case BreakGlass.Refused refused -> {
                    switch (refused.why()) {
                        case NOT_AN_OPERATOR -> problems.send(res, 403, "Forbidden", refused.detail(), null);
                        case ALREADY_ELEVATED -> problems.send(res, 409, "Already elevated", refused.detail(), null);
                        case INVALID -> problems.badRequest(res, refused.detail(), null);
                    }
                }
            }
        }));
        routing.delete("", guard.require(Permission.OPERATE, (p, req, res) -> {
            if (!breakGlass.end(p)) {
                problems.notFound(res, "this token has no running break-glass elevation");
                return;
            }
            res.status(204).send();
        }));
        return routing.build();
    }
}
