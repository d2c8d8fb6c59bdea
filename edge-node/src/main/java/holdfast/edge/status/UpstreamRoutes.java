package holdfast.edge.status;

import holdfast.edge.api.Problems;
import holdfast.edge.api.Json;
import holdfast.edge.api.Guard;
import holdfast.edge.api.Mount;
import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.audit.AuditEntry;
import holdfast.edge.security.Permission;
import holdfast.edge.sync.ReplayRange;
import holdfast.edge.sync.SyncService;
import holdfast.shared.envelope.Lane;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/upstream/retry} (operator or admin, {@code 202}): ends any upstream wait and tries now.
 * {@code POST /api/v1/lanes/{lane}/replay} (admin, {@code 202}): body {@code {"fromSeq":N,"toSeq":M}} or
 * {@code {"from":ISO,"to":ISO}} (receivedAt), optional {@code "reason"}; resends that range with the original
 * event ids in a pass of its own. Both are audited. Thread-safe.
 */
public final class UpstreamRoutes {

    private final SyncService sync;
    private final Problems problems;

    public UpstreamRoutes(SyncService sync, Problems problems) {
        this.sync = sync;
        this.problems = problems;
    }

    /** Two prefixes: the link's own, and the lanes' (the lanes' history is mounted beneath it, at its own). */
    public List<Mount> mounts(Guard guard, Json json) {
        Mount.Builder upstream = Mount.at("/api/v1/upstream");
        upstream.post("/retry", guard.require(Permission.OPERATE, (p, req, res) -> {
            sync.retryNow(AuditEntry.of(p.tokenId(), p.name(), "upstream.retry", "upstream", null));
            json.send(res, 202, Map.of("retrying", true));
        }));
        Mount.Builder lanes = Mount.at("/api/v1/lanes");
        lanes.post("/{lane}/replay", guard.require(Permission.ADMINISTER, (p, req, res) -> {
            Lane lane;
            try {
                lane = Lane.fromWire(req.path().pathParameters().get("lane"));
            } catch (IllegalArgumentException e) {
                problems.notFound(res, e.getMessage());
                return;
            }
            ReplayRange range;
            String reason;
            try {
                JsonNode body = json.mapper().readTree(req.content().as(byte[].class));
                if (body == null || !body.isObject()) {
                    throw new IllegalArgumentException("body must be a JSON object");
                }
                range = range(body);
                reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
            } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
                problems.badRequest(res, e instanceof IOException ? "body must be a JSON object" : e.getMessage(), null);
                return;
            }
            long id;
            try {
                id = sync.replay(lane, range, AuditEntry.of(p.tokenId(), p.name(), "lane.replay",
                        "lane:" + lane.wireName() + ":" + range.fromSeq() + "-" + range.toSeq(), reason));
            } catch (IllegalStateException e) {
                problems.send(res, 409, "Conflict", e.getMessage(), null);
                return;
            }
            json.send(res, 202, Map.of("replayId", id, "lane", lane.wireName()));
        }));
        return List.of(upstream.build(), lanes.build());
    }

    private static ReplayRange range(JsonNode body) {
        if (body.has("fromSeq") || body.has("toSeq")) {
            if (!body.path("fromSeq").canConvertToLong() || !body.path("toSeq").canConvertToLong()) {
                throw new IllegalArgumentException("fromSeq and toSeq must both be whole numbers");
            }
            return new ReplayRange(body.get("fromSeq").asLong(), body.get("toSeq").asLong(), null, null);
        }
        if (body.hasNonNull("from") && body.hasNonNull("to")) {
            return new ReplayRange(1, Long.MAX_VALUE, Instant.parse(body.get("from").asText()),
                    Instant.parse(body.get("to").asText()));
        }
        throw new IllegalArgumentException("give fromSeq and toSeq, or from and to (ISO-8601 instants)");
    }
}
