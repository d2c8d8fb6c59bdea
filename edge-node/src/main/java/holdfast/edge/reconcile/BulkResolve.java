package holdfast.edge.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code POST /api/v1/reconciliations/resolve} body: one resolution with one reason for many
 * reconciliations (the ~300 that one wrong census entry opens). Each is resolved, journaled and audited on its
 * own, exactly as if resolved one by one, so one that fails (already resolved, gone, journal refusing) is named
 * in the answer and does not stop the others.
 */
record BulkResolve(List<Long> ids, ResolveCommand command) {

    static final int MAX_IDS = 1000;

    /** One line of the answer: {@code resolved}, {@code not-found}, {@code not-open} or {@code unavailable}. */
    record ItemResult(long id, String outcome, String detail, String followUpEventId) {
    }

    static BulkResolve parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
        JsonNode idsNode = body.get("ids");
        if (idsNode == null || !idsNode.isArray() || idsNode.isEmpty()) {
            throw new IllegalArgumentException("ids must be a non-empty array of reconciliation ids");
        }
        if (idsNode.size() > MAX_IDS) {
            throw new IllegalArgumentException("ids has more than " + MAX_IDS + " entries: resolve in parts");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (JsonNode id : idsNode) {
            if (!id.canConvertToLong() || !id.isIntegralNumber()) {
                throw new IllegalArgumentException("ids must hold whole numbers only");
            }
            ids.add(id.asLong());
        }
        ObjectNode single = ((ObjectNode) body).deepCopy();
        single.remove("ids");
        return new BulkResolve(List.copyOf(ids), ResolveCommand.parse(single));
    }

    Map<String, Object> applyWith(Reconciler reconciler, Principal who) {
        List<ItemResult> results = new ArrayList<>(ids.size());
        int resolved = 0;
        for (long id : ids) {
            ItemResult result = switch (reconciler.resolve(id, command, who)) {
                case ResolveResult.Resolved r -> new ItemResult(id, "resolved", null,
                        r.detail().reconciliation().followUpEventId());
                case ResolveResult.NotFound n -> new ItemResult(id, "not-found", "no reconciliation " + id, null);
                case ResolveResult.NotOpen n -> new ItemResult(id, "not-open", "reconciliation " + id + " is "
                        + n.current().status() + " (" + n.current().resolution() + ")", null);
                case ResolveResult.Unavailable u -> new ItemResult(id, "unavailable", u.reason(), null);
            };
            if (result.outcome().equals("resolved")) {
                resolved++;
            }
            results.add(result);
        }
        return Map.of("action", command.action().wireName(), "resolved", resolved,
                "failed", ids.size() - resolved, "results", results);
    }
}
