package holdfast.edge.deadletter;

import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.ListQuery;
import holdfast.edge.api.Problems;
import holdfast.edge.api.Mount;
import holdfast.edge.security.Permission;
import holdfast.edge.security.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dead letters over HTTP: {@code GET /api/v1/dead-letters?status=open&limit=100} and
 * {@code GET /api/v1/dead-letters/{id}} (viewer or above; context only, never the bytes), and
 * {@code POST /api/v1/dead-letters/{id}/discard} with {@code {"reason": "…"}} (operator or admin; audited), and
 * {@code POST /api/v1/dead-letters/{id}/reprocess} with {@code {"reason": "…"}} (operator or admin; audited):
 * {@code 200} with the dead letter, now {@code reprocessed} with its event id; {@code 422} when its channel
 * refuses it again (it stays open with the new error); {@code 409} when it is closed or cannot be reprocessed;
 * {@code 503} with {@code Retry-After} when the lane refuses new events right now.
 */
final class DeadLetterRoutes {

    private static final List<String> STATUSES = List.of("open", "reprocessed", "discarded");

    private final DeadLetters deadLetters;
    private final Problems problems;
    private final DeadLetterReprocessor reprocessor;

    public DeadLetterRoutes(DeadLetters deadLetters, Problems problems) {
        this(deadLetters, problems, new DeadLetterReprocessor(deadLetters, Map.of()));
    }

    public DeadLetterRoutes(DeadLetters deadLetters, Problems problems, DeadLetterReprocessor reprocessor) {
        this.deadLetters = deadLetters;
        this.problems = problems;
        this.reprocessor = reprocessor;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/dead-letters");
        routing.get("", guard.require(Permission.VIEW, (p, req, res) -> {
            ListQuery.parse(req, res, problems, STATUSES, 100).ifPresent(q ->
                    json.send(res, 200, Map.of("items", deadLetters.list(q.status(), q.limit()))));
        }));
        routing.get("/{id}", guard.require(Permission.VIEW, (p, req, res) -> {
            Optional<DeadLetterSummary> found = id(req.path().pathParameters().get("id")).flatMap(deadLetters::find);
            if (found.isEmpty()) {
                problems.notFound(res, "no dead letter with id " + req.path().pathParameters().get("id"));
                return;
            }
            json.send(res, 200, found.get());
        }));
        routing.post("/{id}/discard", guard.require(Permission.OPERATE, (p, req, res) -> {
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
        routing.post("/{id}/reprocess", guard.require(Permission.OPERATE,
                (p, req, res) -> reprocess(req, res, p, json)));
        return routing.build();
    }

    private void reprocess(ServerRequest req, ServerResponse res, Principal p, Json json) {
        Optional<Long> id = id(req.path().pathParameters().get("id"));
        String reason = reason(json, req.content().as(byte[].class));
        if (reason == null) {
            problems.badRequest(res, "a reason is required: say why this input should be taken in now", null);
            return;
        }
        Optional<Reprocessed> outcome = id.flatMap(i -> reprocessor.reprocess(i, p.tokenId(), p.name(), reason));
        if (outcome.isEmpty()) {
            problems.notFound(res, "no dead letter with id " + req.path().pathParameters().get("id"));
            return;
        }
        switch (outcome.get()) {
            case Reprocessed.Journaled j -> json.send(res, 200, deadLetters.find(id.get()).orElseThrow());
            case Reprocessed.StillInvalid s -> problems.send(res, 422, "Still refused",
                    "reprocessing met the same kind of problem, so the dead letter stays open: " + s.error(), null);
            case Reprocessed.NotReprocessable n -> problems.send(res, 409, "Cannot reprocess", n.reason(), null);
            case Reprocessed.Refused r -> {
                res.header(HeaderNames.RETRY_AFTER, "5");
                problems.send(res, 503, "Lane refusing events", r.reason() + "; try again later", null);
            }
        }
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
