package holdfast.edge.watch;

import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.ListQuery;
import holdfast.edge.api.Problems;
import holdfast.edge.api.Mount;
import holdfast.edge.security.Permission;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/operator-alerts?status=open|cleared|all} (viewer and above) and
 * {@code POST /api/v1/operator-alerts/{id}/ack} with an optional {@code {"reason": "…"}} (operator or admin; audited, with
 * the reason): the node's alerts about itself.
 */
final class OperatorAlertRoutes {

    private static final List<String> STATUSES = List.of("open", "cleared", "all");

    private final OperatorAlerts alerts;
    private final Problems problems;

    public OperatorAlertRoutes(OperatorAlerts alerts, Problems problems) {
        this.alerts = alerts;
        this.problems = problems;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/operator-alerts");
        routing.get("", guard.require(Permission.VIEW, (p, req, res) ->
                ListQuery.parse(req, res, problems, STATUSES, 500).ifPresent(q ->
                        json.send(res, 200, Map.of("items", alerts.list(q.status(), q.limit()))))));
        routing.post("/{id}/ack", guard.require(Permission.OPERATE, (p, req, res) -> {
            String idText = req.path().pathParameters().get("id");
            long id;
            try {
                id = Long.parseLong(idText);
            } catch (NumberFormatException e) {
                problems.notFound(res, "no operator alert " + idText);
                return;
            }
            Optional<OperatorAlert> acked = alerts.acknowledge(id, p.tokenId(), p.name(),
                    reason(json, req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0]));
            if (acked.isEmpty()) {
                problems.send(res, 409, "Not acknowledgeable",
                        "operator alert " + id + " is unknown or already acknowledged", null);
                return;
            }
            json.send(res, 200, acked.get());
        }));
        return routing.build();
    }

    /** The optional {@code {"reason": "..."}} kept in the audit trail; null when none was given. */
    private static String reason(Json json, byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = json.mapper().readTree(body);
            String reason = node == null ? "" : node.path("reason").asText("").trim();
            return reason.isEmpty() ? null : reason;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
