package holdfast.edge.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.ListQuery;
import holdfast.edge.api.Problems;
import holdfast.edge.api.Mount;
import holdfast.edge.security.Permission;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/reconciliations?status=open}, {@code GET /api/v1/reconciliations/groups} and
 * {@code GET /api/v1/reconciliations/{id}} (viewer or above); {@code POST /api/v1/reconciliations/{id}/resolve}
 * and {@code POST /api/v1/reconciliations/resolve} for many at once (operator or admin). Thread-safe.
 */
final class ReconciliationRoutes {

    private final Reconciliations reconciliations;
    private final Reconciler reconciler;
    private final Problems problems;

    public ReconciliationRoutes(Reconciliations reconciliations, Reconciler reconciler, Problems problems) {
        this.reconciliations = reconciliations;
        this.reconciler = reconciler;
        this.problems = problems;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/reconciliations");
        routing.get("", guard.requirePatientRead(Permission.VIEW, (p, req, res) -> {
            ListQuery.parse(req, res, problems, List.of("open", "resolved", "all"), 100).ifPresent(q ->
                    json.send(res, 200, Map.of("items",
                            reconciliations.list(q.status().equals("all") ? null : q.status(), q.limit()))));
        }));
        routing.get("/groups", guard.requirePatientRead(Permission.VIEW, (p, req, res) ->
                json.send(res, 200, ReconciliationGroups.of(
                        reconciliations.list(Reconciliation.OPEN, ReconciliationGroups.MAX_SCANNED)))));
        routing.post("/resolve", guard.require(Permission.OPERATE, (p, req, res) -> {
            BulkResolve bulk;
            try {
                bulk = BulkResolve.parse(body(req, json));
            } catch (IllegalArgumentException e) {
                problems.badRequest(res, e.getMessage(), null);
                return;
            }
            json.send(res, 200, bulk.applyWith(reconciler, p));
        }));
        routing.get("/{id}", guard.requirePatientRead(Permission.VIEW, (p, req, res) -> {
            Long id = id(req, res);
            if (id != null) {
                reconciler.detail(id).ifPresentOrElse(d -> json.send(res, 200, d),
                        () -> problems.notFound(res, "no reconciliation " + id));
            }
        }));
        routing.post("/{id}/resolve", guard.require(Permission.OPERATE, (p, req, res) -> {
            Long id = id(req, res);
            if (id == null) {
                return;
            }
            ResolveCommand command;
            try {
                command = ResolveCommand.parse(body(req, json));
            } catch (IllegalArgumentException e) {
                problems.badRequest(res, e.getMessage(), null);
                return;
            }
            switch (reconciler.resolve(id, command, p)) {
                case ResolveResult.Resolved r -> json.send(res, 200, r.detail());
                case ResolveResult.NotFound n -> problems.notFound(res, "no reconciliation " + id);
                case ResolveResult.NotOpen n -> problems.send(res, 409, "Conflict", "reconciliation " + id
                        + " is " + n.current().status() + " (" + n.current().resolution() + ")", null);
                case ResolveResult.Unavailable u -> problems.send(res, 503, "Service Unavailable", u.reason(), null);
            }
        }));
        return routing.build();
    }

    private Long id(ServerRequest req, ServerResponse res) {
        String text = req.path().pathParameters().get("id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            problems.notFound(res, "no reconciliation " + text);
            return null;
        }
    }

    private static JsonNode body(ServerRequest req, Json json) {
        try {
            return json.mapper().readTree(req.content().as(byte[].class));
        } catch (IOException e) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
    }
}
