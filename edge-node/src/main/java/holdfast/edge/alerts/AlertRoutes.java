package holdfast.edge.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.ListQuery;
import holdfast.edge.api.Problems;
import holdfast.edge.api.Mount;
import holdfast.edge.security.Permission;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/alerts?status=open|acknowledged|all} (viewer or above),
 * {@code POST /api/v1/alerts/{id}/ack} with an optional {@code {"reason": "…"}}, and
 * {@code POST /api/v1/alerts/ack} {@code {"ids": […], "reason": "…"}} for several at once (operator or admin;
 * each audited on its own with the reason; acknowledging stops escalation).
 */
final class AlertRoutes {

    private static final List<String> STATUSES = List.of("open", "acknowledged", "all");
    static final int MAX_BULK = 500;

    private final AlertEngine engine;
    private final Problems problems;

    public AlertRoutes(AlertEngine engine, Problems problems) {
        this.engine = engine;
        this.problems = problems;
    }

    /** One line of a bulk answer: {@code acknowledged}, or {@code not-open} (unknown or already acknowledged). */
    record AckResult(long id, String outcome) {
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/alerts");
        routing.get("", guard.requirePatientRead(Permission.VIEW, (p, req, res) -> {
            ListQuery.parse(req, res, problems, STATUSES, 500).ifPresent(q ->
                    json.send(res, 200, Map.of("items", engine.list(q.status(), q.limit()))));
        }));
        routing.post("/ack", guard.require(Permission.OPERATE, (p, req, res) -> {
            JsonNode body = body(req, json);
            JsonNode ids = body == null ? null : body.get("ids");
            String reason = reason(body);
            if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_BULK) {
                problems.badRequest(res, "ids must be an array of 1 to " + MAX_BULK + " alert ids", null);
                return;
            }
            if (reason == null) {
                problems.badRequest(res, "reason is required (at most 2000 characters)", null);
                return;
            }
            Set<Long> unique = new LinkedHashSet<>();
            for (JsonNode id : ids) {
                if (!id.isIntegralNumber()) {
                    problems.badRequest(res, "ids must hold whole numbers only", null);
                    return;
                }
                unique.add(id.asLong());
            }
            List<AckResult> results = new ArrayList<>(unique.size());
            int acknowledged = 0;
            for (long id : unique) {
                boolean done = engine.acknowledge(id, p.tokenId(), p.name(), reason).isPresent();
                acknowledged += done ? 1 : 0;
                results.add(new AckResult(id, done ? "acknowledged" : "not-open"));
            }
            json.send(res, 200, Map.of("acknowledged", acknowledged, "failed", unique.size() - acknowledged,
                    "results", results));
        }));
        routing.post("/{id}/ack", guard.require(Permission.OPERATE, (p, req, res) -> {
            long id;
            try {
                id = Long.parseLong(req.path().pathParameters().get("id"));
            } catch (NumberFormatException e) {
                problems.notFound(res, "no alert " + req.path().pathParameters().get("id"));
                return;
            }
            Optional<Alert> acked = engine.acknowledge(id, p.tokenId(), p.name(), reason(body(req, json)));
            if (acked.isEmpty()) {
                problems.send(res, 409, "Not open", "alert " + id + " is not open (unknown or already acknowledged)",
                        null);
                return;
            }
            json.send(res, 200, acked.get());
        }));
        return routing.build();
    }

    /** The body as JSON, or null when there is none or it is not JSON (the reason is optional for one alert). */
    private static JsonNode body(ServerRequest req, Json json) {
        try {
            byte[] bytes = req.content().as(byte[].class);
            return bytes.length == 0 ? null : json.mapper().readTree(bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String reason(JsonNode body) {
        JsonNode r = body == null ? null : body.get("reason");
        if (r == null || !r.isTextual() || r.asText().isBlank() || r.asText().length() > 2000) {
            return null;
        }
        return r.asText().trim();
    }
}
