package holdfast.console.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.shared.api.CallerIdentity;
import holdfast.shared.api.DeadLetterItem;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.api.ReconciliationItem;
import holdfast.shared.envelope.EnvelopeCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** {@link EdgeNodeClient} over {@code java.net.http}, speaking the node's JSON API. Thread-safe. */
public final class HttpEdgeNodeClient implements EdgeNodeClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String baseUrl;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper mapper = EnvelopeCodec.newMapper();

    public HttpEdgeNodeClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public NodeStatus status() {
        return read(get("/api/v1/status"), mapper.constructType(NodeStatus.class));
    }

    @Override
    public CallerIdentity whoAmI() {
        return read(get("/api/v1/whoami"), mapper.constructType(CallerIdentity.class));
    }

    @Override
    public List<DeadLetterItem> deadLetters(String status) {
        return items(get("/api/v1/dead-letters?status=" + status + "&limit=500"), DeadLetterItem.class);
    }

    @Override
    public List<ReconciliationItem> reconciliations(String status) {
        return items(get("/api/v1/reconciliations?status=" + status + "&limit=1000"), ReconciliationItem.class);
    }

    @Override
    public void resolve(long id, String action, String reason, String patientId, String encounterId) {
        ObjectNode body = mapper.createObjectNode().put("action", action).put("reason", reason);
        if (patientId != null && !patientId.isBlank()) {
            body.put("patientId", patientId);
        }
        if (encounterId != null && !encounterId.isBlank()) {
            body.put("encounterId", encounterId);
        }
        send(request("/api/v1/reconciliations/" + id + "/resolve")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    @Override
    public holdfast.shared.api.LaneHistoryItem lanesHistory(int minutes) {
        return read(get("/api/v1/lanes/history?minutes=" + minutes),
                mapper.constructType(holdfast.shared.api.LaneHistoryItem.class));
    }

    @Override
    public List<holdfast.shared.api.ReconciliationGroupItem> reconciliationGroups() {
        JsonNode answer = read(get("/api/v1/reconciliations/groups"), mapper.constructType(JsonNode.class));
        return mapper.convertValue(answer.path("groups"), mapper.getTypeFactory()
                .constructCollectionType(List.class, holdfast.shared.api.ReconciliationGroupItem.class));
    }

    @Override
    public int resolveAll(List<Long> ids, String action, String reason, String patientId, String encounterId) {
        ObjectNode body = mapper.createObjectNode().put("action", action).put("reason", reason);
        ids.forEach(body.putArray("ids")::add);
        if (patientId != null && !patientId.isBlank()) {
            body.put("patientId", patientId);
        }
        if (encounterId != null && !encounterId.isBlank()) {
            body.put("encounterId", encounterId);
        }
        JsonNode answer = read(request("/api/v1/reconciliations/resolve").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                mapper.constructType(JsonNode.class));
        return answer.path("resolved").asInt();
    }

    @Override
    public List<holdfast.shared.api.AlertItem> alerts(String status) {
        return items(get("/api/v1/alerts?status=" + status), holdfast.shared.api.AlertItem.class);
    }

    @Override
    public void acknowledgeAlert(long id) {
        send(request("/api/v1/alerts/" + id + "/ack").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    }

    @Override
    public int acknowledgeAlerts(List<Long> ids, String reason) {
        ObjectNode body = mapper.createObjectNode().put("reason", reason);
        ids.forEach(body.putArray("ids")::add);
        JsonNode answer = read(request("/api/v1/alerts/ack").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                mapper.constructType(JsonNode.class));
        return answer.path("acknowledged").asInt();
    }

    @Override
    public List<holdfast.shared.api.DeviceItem> devices() {
        return items(get("/api/v1/devices"), holdfast.shared.api.DeviceItem.class);
    }

    @Override
    public List<holdfast.shared.api.SenderItem> senders() {
        return items(get("/api/v1/senders"), holdfast.shared.api.SenderItem.class);
    }

    @Override
    public List<holdfast.shared.api.OperatorAlertItem> operatorAlerts(String status) {
        return items(get("/api/v1/operator-alerts?status=" + status + "&limit=200"),
                holdfast.shared.api.OperatorAlertItem.class);
    }

    @Override
    public void acknowledgeOperatorAlert(long id, String reason) {
        send(request("/api/v1/operator-alerts/" + id + "/ack").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.createObjectNode().put("reason", reason).toString()))
                .build());
    }

    @Override
    public void discardDeadLetter(long id, String reason) {
        send(request("/api/v1/dead-letters/" + id + "/discard").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.createObjectNode().put("reason", reason).toString()))
                .build());
    }

    @Override
    public void reprocessDeadLetter(long id, String reason) {
        send(request("/api/v1/dead-letters/" + id + "/reprocess").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.createObjectNode().put("reason", reason).toString()))
                .build());
    }

    @Override
    public StatusSubscription watchStatus(StatusListener listener) {
        return new SseStatusFeed(http, URI.create(baseUrl + "/api/v1/status/stream"), token, mapper, this::status,
                listener, Duration.ofSeconds(5));
    }

    /** What went wrong with the connection, in plain words. */
    static String plain(Throwable e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.nio.channels.UnresolvedAddressException || e instanceof java.net.UnknownHostException) {
            return "unknown host name";
        }
        return e == null ? "connection lost" : e.getClass().getSimpleName();
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private <T> List<T> items(HttpRequest request, Class<T> type) {
        JsonNode list = read(request, mapper.constructType(JsonNode.class));
        return mapper.convertValue(list.path("items"),
                mapper.getTypeFactory().constructCollectionType(List.class, type));
    }

    private <T> T read(HttpRequest request, JavaType type) {
        String body = send(request);
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw new ApiException(200, "the node's answer could not be read (" + e.getMessage() + ")");
        }
    }

    private String send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NodeUnreachableException("cannot reach " + baseUrl + " (" + plain(e)
                    + "): is the node running, and is the URL right?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnreachableException("interrupted while calling " + baseUrl, e);
        }
        if (response.statusCode() >= 400) {
            throw new ApiException(response.statusCode(), detail(response));
        }
        return response.body();
    }

    private String detail(HttpResponse<String> response) {
        try {
            JsonNode problem = mapper.readTree(response.body());
            if (problem.hasNonNull("detail")) {
                return problem.get("detail").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not a problem document: fall through to the status line
        }
        return switch (response.statusCode()) {
            case 401 -> "the token was refused: check it in the connection settings";
            case 403 -> "this token's role may not do that";
            default -> "the node answered " + response.statusCode();
        };
    }
}
