package holdfast.edge.api;

import holdfast.edge.audit.AuditLog;
import holdfast.edge.audit.AuditEntry;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.security.Permission;
import holdfast.edge.security.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The audit trail for admins and auditors (contract §4): {@code GET /api/v1/audit?from=&to=&limit=} (rows
 * oldest first, with their hash links), {@code GET /api/v1/audit/verify} (walks the whole chain) and
 * {@code GET /api/v1/audit/export?from=&to=} (NDJSON download, one row per line, for an auditor to re-check
 * the chain offline; see docs/audit.md). Reading and exporting the trail are themselves audited.
 */
public final class AuditRoutes {

    private static final int DEFAULT_LIMIT = 1_000;
    private static final int MAX_LIMIT = 10_000;
    private static final int EXPORT_PAGE = 5_000;

    private final AuditLog audit;
    private final Problems problems;
    private final Clock clock;

    public AuditRoutes(AuditLog audit, Problems problems, Clock clock) {
        this.audit = audit;
        this.problems = problems;
        this.clock = clock;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/audit");
        routing.get("", guard.require(Permission.ADMINISTER, (p, req, res) -> {
            Range range = range(req, res);
            if (range == null) {
                return;
            }
            int limit;
            try {
                limit = Integer.parseInt(req.query().first("limit").orElse(String.valueOf(DEFAULT_LIMIT)));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                problems.badRequest(res, "limit must be a number from 1 to " + MAX_LIMIT, null);
                return;
            }
            List<AuditEntry> rows = audit.between(range.from(), range.to(), limit);
            auditRead(p, "audit.read", range);
            json.send(res, 200, Map.of("items", rows));
        }));
        routing.get("/verify", guard.require(Permission.ADMINISTER, (p, req, res) ->
                json.send(res, 200, audit.verify())));
        routing.get("/export", guard.require(Permission.ADMINISTER, (p, req, res) -> {
            Range range = range(req, res);
            if (range != null) {
                auditRead(p, "audit.export", range);
                export(range, json.mapper(), res);
            }
        }));
        return routing.build();
    }

    private void export(Range range, ObjectMapper mapper, ServerResponse res) throws IOException {
        res.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"holdfast-audit-"
                + clock.instant().toString().replace(':', '-') + ".ndjson\"");
        try (OutputStream out = res.outputStream()) {
            long lastId = 0;
            List<AuditEntry> page;
            do {
                // Paged by id, so a long trail never sits in memory and rows sharing an instant are never skipped.
                page = audit.page(lastId, range.from(), range.to(), EXPORT_PAGE);
                for (AuditEntry e : page) {
                    out.write(mapper.writeValueAsBytes(e));
                    out.write('\n');
                    lastId = e.id();
                }
            } while (page.size() == EXPORT_PAGE);
        }
    }

    private void auditRead(Principal p, String action, Range range) {
        audit.append(AuditEntry.of(p.tokenId(), p.name(), action, "audit:" + range.from() + ".." + range.to(), null));
    }

    private Range range(ServerRequest req, ServerResponse res) {
        try {
            Instant from = req.query().first("from").map(Instant::parse).orElse(Instant.EPOCH);
            Instant to = req.query().first("to").map(Instant::parse)
                    .orElseGet(() -> clock.instant().plus(Duration.ofDays(1)));
            if (!from.isBefore(to)) {
                problems.badRequest(res, "from must be before to", null);
                return null;
            }
            return new Range(from, to);
        } catch (DateTimeParseException e) {
            problems.badRequest(res, "from and to must be ISO-8601 instants, e.g. 2026-11-23T08:00:00Z", null);
            return null;
        }
    }

    private record Range(Instant from, Instant to) {
    }
}
