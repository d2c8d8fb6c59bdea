package holdfast.edge.backup;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.HoldfastException;
import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.Problems;
import holdfast.edge.api.Mount;
import holdfast.edge.security.Permission;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/backup} (admin; audited): body optional {@code {"label":"…","reason":"…"}}. Takes an online
 * backup under {@code backup.dir} and answers {@code 201 {"path", "manifest"}} once it is complete; {@code 409}
 * while another backup runs; {@code 500} problem when it failed (nothing partial is left behind).
 */
final class BackupRoutes {

    private final BackupService backups;
    private final Problems problems;

    public BackupRoutes(BackupService backups, Problems problems) {
        this.backups = backups;
        this.problems = problems;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/backup");
        routing.post("", guard.require(Permission.ADMINISTER, (p, req, res) -> {
            String label;
            String reason;
            try {
                byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
                JsonNode tree = body.length == 0 ? json.mapper().createObjectNode() : json.mapper().readTree(body);
                if (tree == null || !tree.isObject()) {
                    throw new IOException("not an object");
                }
                label = tree.hasNonNull("label") ? tree.get("label").asText() : null;
                reason = tree.hasNonNull("reason") ? tree.get("reason").asText() : null;
            } catch (IOException e) {
                problems.badRequest(res, "body must be empty or a JSON object", null);
                return;
            }
            BackupService.Result result;
            try {
                result = backups.backup(label, p.tokenId(), p.name(), reason);
            } catch (IllegalArgumentException e) {
                problems.badRequest(res, e.getMessage(), null);
                return;
            } catch (IllegalStateException e) {
                problems.send(res, 409, "Conflict", e.getMessage(), null);
                return;
            } catch (HoldfastException e) {
                problems.send(res, 500, "Backup failed", e.getMessage(), null);
                return;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("path", result.directory().toString());
            answer.put("manifest", result.manifest());
            json.send(res, 201, answer);
        }));
        return routing.build();
    }
}
