package holdfast.simulator.cloud;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin} of the reference cloud (loopback only, no token: it is a test instrument):
 * {@code POST /admin/faults} {"mode":"throttle","retryAfterSeconds":1,"delayMs":0,"maxBatchBytes":0,
 * "badMarker":null}, {@code DELETE /admin/faults}, {@code PUT /admin/census} {"beds":{"ICU-3":"P777"},
 * "devicePrefixes":["mon-"]}, {@code GET /admin/stats} ({@code accepted} leaves the nodes' canaries out:
 * {@code canaries} counts them), {@code GET /admin/events?kind=correction},
 * {@code GET /admin/events/{eventId}}. Thread-safe.
 */
final class AdminEndpoint {

    private final ReferenceCloud cloud;
    private final ObjectMapper mapper;

    AdminEndpoint(ReferenceCloud cloud, ObjectMapper mapper) {
        this.cloud = cloud;
        this.mapper = mapper;
    }

    void register(HttpRouting.Builder routing) {
        routing.post("/admin/faults", (req, res) -> {
            JsonNode b = mapper.readTree(req.content().as(byte[].class));
            try {
                cloud.faults(new FaultPlan(FaultPlan.Mode.parse(b.path("mode").asText("none")),
                        b.path("retryAfterSeconds").asInt(1), b.path("delayMs").asLong(0),
                        b.path("maxBatchBytes").asLong(0),
                        b.hasNonNull("badMarker") ? b.get("badMarker").asText() : null));
            } catch (IllegalArgumentException e) {
                send(res, 400, Map.of("detail", "mode must be one of " + List.of(FaultPlan.Mode.values())));
                return;
            }
            send(res, 200, cloud.faults());
        });
        routing.delete("/admin/faults", (req, res) -> {
            cloud.faults(FaultPlan.none());
            send(res, 200, cloud.faults());
        });
        routing.put("/admin/census", (req, res) -> {
            JsonNode b = mapper.readTree(req.content().as(byte[].class));
            Map<String, String> beds = b.has("beds") ? mapper.convertValue(b.get("beds"),
                    new TypeReference<Map<String, String>>() { }) : Map.of();
            List<String> prefixes = b.has("devicePrefixes") ? mapper.convertValue(b.get("devicePrefixes"),
                    new TypeReference<List<String>>() { }) : List.of();
            cloud.census(beds, prefixes);
            send(res, 200, cloud.census());
        });
        routing.get("/admin/stats", (req, res) -> {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("accepted", cloud.store().acceptedCount());
            stats.put("ops", cloud.store().opsCount());
            stats.put("canaries", cloud.store().canaryCount());
            stats.put("duplicates", cloud.store().duplicateCount());
            stats.put("disputed", cloud.store().disputedCount());
            stats.put("requests", cloud.requests().total());
            stats.put("faults", cloud.faults());
            stats.put("lanes", cloud.ledger().reports());
            send(res, 200, stats);
        });
        routing.get("/admin/events", (req, res) ->
                send(res, 200, Map.of("items", cloud.store().accepted(req.query().first("kind").orElse(null)))));
        routing.get("/admin/events/{eventId}", (req, res) -> {
            String id = req.path().pathParameters().get("eventId");
            send(res, 200, Map.of("eventId", id, "received", cloud.store().receivedCount(id),
                    "disputes", cloud.store().disputes(id)));
        });
    }

    private void send(ServerResponse res, int status, Object body) throws IOException {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(mapper.writeValueAsBytes(body));
    }
}
