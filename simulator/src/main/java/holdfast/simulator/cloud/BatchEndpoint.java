package holdfast.simulator.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.shared.envelope.EnvelopeCodec;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code POST /v1/nodes/{nodeId}/events/batch} (contract §5): faults first, then the bearer token, size and
 * shape checks, then one verdict per event from the store and census; and {@code GET /v1/nodes/{nodeId}/lanes/{lane}},
 * the highest laneSeq held, which a restored node asks before it goes on. Thread-safe.
 */
final class BatchEndpoint {

    private static final System.Logger LOG = System.getLogger(BatchEndpoint.class.getName());

    private final String token;
    private final CloudStore store;
    private final LaneLedger ledger;
    private final ObjectMapper mapper;
    private final AtomicReference<FaultPlan> faults;
    private final AtomicReference<CensusRules> census;
    private final RequestLog requests;
    private final Receipts receipts;

    BatchEndpoint(String token, CloudStore store, LaneLedger ledger, EnvelopeCodec codec,
                  AtomicReference<FaultPlan> faults, AtomicReference<CensusRules> census, RequestLog requests,
                  Receipts receipts) {
        this.token = token;
        this.store = store;
        this.ledger = ledger;
        this.mapper = codec.mapper();
        this.faults = faults;
        this.census = census;
        this.requests = requests;
        this.receipts = receipts;
    }

    void handle(ServerRequest req, ServerResponse res) {
        byte[] body = req.content().as(byte[].class);
        JsonNode tree = readTree(body);
        requests.record(new RequestLog.Request(Instant.now(), tree == null ? null : tree.path("lane").asText(null),
                tree == null ? 0 : tree.path("events").size(),
                req.headers().first(io.helidon.http.HeaderNames.create("traceparent")).orElse(null)));
        FaultPlan plan = faults.get();
        if (refused(plan, req, res)) {
            return;
        }
        if (plan.maxBatchBytes() > 0 && body.length > plan.maxBatchBytes()) {
            problem(res, 413, "batch of " + body.length + " bytes is above " + plan.maxBatchBytes());
            return;
        }
        String nodeId = req.path().pathParameters().get("nodeId");
        List<CloudEvent> events = new ArrayList<>();
        String refusal = parse(tree, plan.badMarker(), events);
        if (refusal != null) {
            problem(res, 400, refusal);
            return;
        }
        List<CloudStore.Verdict> verdicts;
        try {
            verdicts = store.judge(nodeId, events, census.get());
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.ERROR, "event=cloud.store_failed error=" + e);
            problem(res, 500, "store failed");
            return;
        }
        record(nodeId, events, verdicts);
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode results = answer.putArray("results");
        for (CloudStore.Verdict v : verdicts) {
            ObjectNode r = results.addObject().put("eventId", v.eventId()).put("status", v.status());
            if (v.reason() != null) {
                r.put("reason", v.reason());
            }
            if (v.cloud() instanceof JsonNode cloud) {
                r.set("cloud", cloud);
            }
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code GET /v1/nodes/{nodeId}/lanes/{lane}}: the highest laneSeq received from the node in that lane (accepted
     * or disputed; 0 when none), for a node restored from a backup. Same faults and token as the batch endpoint.
     */
    void highest(ServerRequest req, ServerResponse res) {
        if (refused(faults.get(), req, res)) {
            return;
        }
        String nodeId = req.path().pathParameters().get("nodeId");
        String lane = req.path().pathParameters().get("lane");
        long seq;
        try {
            seq = store.highestSeq(nodeId, holdfast.shared.envelope.Lane.fromWire(lane).wireName());
        } catch (IllegalArgumentException e) {
            problem(res, 404, "no lane " + lane);
            return;
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.ERROR, "event=cloud.store_failed error=" + e);
            problem(res, 500, "store failed");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(mapper.createObjectNode().put("nodeId", nodeId).put("lane", lane).put("highestSeq", seq).toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Applies the fault plan, then the bearer token; true when the request was answered (refused) here. */
    private boolean refused(FaultPlan plan, ServerRequest req, ServerResponse res) {
        switch (plan.mode()) {
            case DROP -> throw new CloseConnectionException("connection dropped by fault injection");
            case UNAVAILABLE -> {
                problem(res, 503, "cloud unavailable (fault injection)");
                return true;
            }
            case BUSY, THROTTLE -> {
                res.header(HeaderNames.RETRY_AFTER, String.valueOf(plan.retryAfterSeconds()));
                problem(res, plan.mode() == FaultPlan.Mode.BUSY ? 503 : 429, "cloud busy (fault injection)");
                return true;
            }
            case UNAUTHORIZED -> {
                problem(res, 401, "token not accepted (fault injection)");
                return true;
            }
            case FORBIDDEN -> {
                problem(res, 403, "node not allowed (fault injection)");
                return true;
            }
            case SLOW -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(plan.delayMillis()));
            case NONE -> { }
        }
        if (!("Bearer " + token).equals(req.headers().first(HeaderNames.AUTHORIZATION).orElse(""))) {
            problem(res, 401, "a valid bearer token is required");
            return true;
        }
        return false;
    }

    /** Fills {@code events}; returns why the batch's shape is refused, or null. */
    private JsonNode readTree(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private String parse(JsonNode tree, String badMarker, List<CloudEvent> events) {
        if (tree == null || !tree.path("events").isArray() || !tree.path("lane").isTextual()) {
            return "a batch needs lane and an events array";
        }
        for (JsonNode node : tree.get("events")) {
            CloudEvent e;
            try {
                e = CloudEvent.from(node);
            } catch (IllegalArgumentException ex) {
                return "event " + node.path("eventId").asText("?") + " is malformed: " + ex.getMessage();
            }
            if (!e.lane().equals(tree.get("lane").asText())) {
                return "event " + e.eventId() + " does not belong in this lane batch";
            }
            if (badMarker != null && e.idempotencyKey().contains(badMarker)) {
                return "event " + e.eventId() + " is marked bad (fault injection)";
            }
            events.add(e);
        }
        return null;
    }

    private void record(String nodeId, List<CloudEvent> events, List<CloudStore.Verdict> verdicts) {
        if (events.isEmpty()) {
            return;
        }
        long[] seqs = events.stream().mapToLong(CloudEvent::laneSeq).toArray();
        ledger.batch(nodeId, events.get(0).lane(), seqs);
        for (int i = 0; i < events.size(); i++) {
            receipts.judged(nodeId, events.get(i), verdicts.get(i).status());
            if ("accepted".equals(verdicts.get(i).status())) {
                ledger.accepted(events.get(i).lane(), events.get(i).laneSeq());
            }
        }
    }

    private void problem(ServerResponse res, int status, String detail) {
        ObjectNode body = mapper.createObjectNode().put("type", "about:blank").put("status", status)
                .put("detail", detail);
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
