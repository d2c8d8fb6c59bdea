package holdfast.edge.deadletter;

import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.Problems;
import holdfast.edge.security.Permission;
import io.helidon.webserver.http.HttpRouting;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Dead letters over HTTP: {@code GET /api/v1/dead-letters?status=open&limit=100} and
 * {@code GET /api/v1/dead-letters/{id}} (viewer or above; context only, never the bytes), and
 * {@code POST /api/v1/dead-letters/{id}/discard} with {@code {"reason": "…"}} (operator or admin; audited).
 */
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
        routing.get("/api/v1/dead-letters/{id}", guard.require(Permission.VIEW, (p, req, res) -> {
            Optional<DeadLetterSummary> found = id(req.path().pathParameters().get("id")).flatMap(deadLetters::find);
            if (found.isEmpty()) {
                problems.notFound(res, "no dead letter with id " + req.path().pathParameters().get("id"));
                return;
            }
            json.send(res, 200, found.get());
        }));
        routing.post("/api/v1/dead-letters/{id}/discard", guard.require(Permission.OPERATE, (p, req, res) -> {
            Optional<Long> id = id(req.path().pathParameters().get("id"));
            String reason = reason(json, req.content().as(byte[].class));
            if (reason == null) {
                problems.badRequest(res, "a reason is required: say why this input may be let go", null);
                return;
            }
            if (id.isEmpty() || deadLetters.find(id.get()).isEmpty()) {
                problems.notFound(res, "no dead letter with id " + req.path().pathParameters().get("id"));
                return;
            }
            if (!deadLetters.discard(id.get(), p.tokenId(), p.name(), reason)) {
                problems.send(res, 409, "Not open", "dead letter " + id.get() + " is already closed", null);
                return;
            }
            json.send(res, 200, deadLetters.find(id.get()).orElseThrow());
        }));
    }

    private static Optional<Long> id(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String reason(Json json, byte[] body) {
        try {
            JsonNode node = json.mapper().readTree(body);
            String reason = node == null ? null : node.path("reason").asText("").trim();
            return reason == null || reason.isEmpty() ? null : reason;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
