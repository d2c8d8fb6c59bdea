package holdfast.edge.census;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.api.Guard;
import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.api.Json;
import holdfast.edge.api.Problems;
import holdfast.edge.api.Mount;
import holdfast.edge.security.Permission;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code GET /api/v1/census?bed=ICU-3&at=2026-11-23T08:00:00Z[&history=true]} (viewer and above): who
 * occupied the bed at that instant (default now); {@code POST /api/v1/census/rebuild} (admin, audited):
 * replays the journals. Reading the census identifies patients, so reads are audited too. Thread-safe.
 */
final class CensusRoutes {

    private final CensusProjection census;
    private final AuditLog audit;
    private final Problems problems;
    private final Clock clock;

    public CensusRoutes(CensusProjection census, AuditLog audit, Problems problems, Clock clock) {
        this.census = census;
        this.audit = audit;
        this.problems = problems;
        this.clock = clock;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/census");
        routing.get("", guard.requirePatientRead(Permission.VIEW, (principal, req, res) -> {
            Optional<String> bed = req.query().first("bed").asOptional().filter(b -> !b.isBlank());
            if (bed.isEmpty()) {
                problems.badRequest(res, "query parameter 'bed' is required (e.g. ICU-3)", null);
                return;
            }
            Instant at;
            try {
                at = req.query().first("at").asOptional().map(Instant::parse).orElseGet(clock::instant);
            } catch (DateTimeParseException e) {
                problems.badRequest(res, "'at' must be an ISO-8601 instant such as 2026-11-23T08:00:00Z", null);
                return;
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("bed", bed.get());
            body.put("at", at.toString());
            Optional<Stay> stay = census.occupantAt(bed.get(), at);
            if (stay.isPresent()) {
                body.set("occupant", node(stay.get()));
            } else {
                body.putNull("occupant");
            }
            if (req.query().first("history").asOptional().filter("true"::equals).isPresent()) {
                ArrayNode history = body.putArray("history");
                census.history(bed.get()).forEach(s -> history.add(node(s)));
            }
            json.send(res, 200, body);
        }));
        routing.post("/rebuild", guard.require(Permission.ADMINISTER,
                (principal, req, res) -> {
                    audit.append(AuditEntry.of(principal.tokenId(), principal.name(), "census.rebuild", "census", null));
                    json.send(res, 200, census.rebuild());
                }));
        return routing.build();
    }

    private static ObjectNode node(Stay s) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("patientId", s.patientId());
        n.put("encounterId", s.encounterId());
        n.put("from", s.from().toString());
        n.put("to", s.to() == null ? null : s.to().toString());
        n.put("sinceEventId", s.sinceEventId());
        return n;
    }
}
