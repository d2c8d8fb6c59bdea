package holdfast.edge.deadletter;

import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.Problems;
import holdfast.edge.security.Permission;
import io.helidon.webserver.http.HttpRouting;
import java.util.Map;
import java.util.Set;

/** {@code GET /api/v1/dead-letters?status=open&limit=100} (viewer or above): context only, never the bytes. */
public final class DeadLetterRoutes {

    private static final Set<String> STATUSES = Set.of("open", "reprocessed", "discarded");

    private final DeadLetters deadLetters;
    private final Problems problems;

    public DeadLetterRoutes(DeadLetters deadLetters, Problems problems) {
        this.deadLetters = deadLetters;
        this.problems = problems;
    }

    public void register(HttpRouting.Builder routing, Guard guard, Json json) {
        routing.get("/api/v1/dead-letters", guard.require(Permission.VIEW, (p, req, res) -> {
            String status = req.query().first("status").orElse("open");
            if (!STATUSES.contains(status)) {
                problems.badRequest(res, "status must be one of " + STATUSES, null);
                return;
            }
            int limit;
            try {
                limit = Math.clamp(Integer.parseInt(req.query().first("limit").orElse("100")), 1, 1000);
            } catch (NumberFormatException e) {
                problems.badRequest(res, "limit must be a whole number", null);
                return;
            }
            json.send(res, 200, Map.of("items", deadLetters.list(status, limit)));
        }));
    }
}
