package holdfast.edge.alerts;

import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.ListQuery;
import holdfast.edge.api.Problems;
import holdfast.edge.security.Permission;
import io.helidon.webserver.http.HttpRouting;
import java.util.Map;
import java.util.Optional;
import java.util.List;

/**
 * {@code GET /api/v1/alerts?status=open|acknowledged|all} (viewer or above) and
 * {@code POST /api/v1/alerts/{id}/ack} (operator or admin; audited; stops escalation).
 */
public final class AlertRoutes {

    private static final List<String> STATUSES = List.of("open", "acknowledged", "all");

    private final AlertEngine engine;
    private final Problems problems;

    public AlertRoutes(AlertEngine engine, Problems problems) {
        this.engine = engine;
        this.problems = problems;
    }

    public void register(HttpRouting.Builder routing, Guard guard, Json json) {
        routing.get("/api/v1/alerts", guard.requirePatientRead(Permission.VIEW, (p, req, res) -> {
            ListQuery.parse(req, res, problems, STATUSES, 500).ifPresent(q ->
                    json.send(res, 200, Map.of("items", engine.list(q.status(), q.limit()))));
        }));
        routing.post("/api/v1/alerts/{id}/ack", guard.require(Permission.OPERATE, (p, req, res) -> {
            long id;
            try {
                id = Long.parseLong(req.path().pathParameters().get("id"));
            } catch (NumberFormatException e) {
                problems.notFound(res, "no alert " + req.path().pathParameters().get("id"));
                return;
            }
            Optional<Alert> acked = engine.acknowledge(id, p.tokenId(), p.name());
            if (acked.isEmpty()) {
                problems.send(res, 409, "Not open", "alert " + id + " is not open (unknown or already acknowledged)",
                        null);
                return;
            }
            json.send(res, 200, acked.get());
        }));
    }
}
