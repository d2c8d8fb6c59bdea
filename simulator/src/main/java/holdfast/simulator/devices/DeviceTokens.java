package holdfast.simulator.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provisions simulated devices the way a site provisions real ones: one {@code device} token per device, bound to
 * its deviceId, issued by an admin through {@code POST /api/v1/tokens}. Over MQTT a device presents it as the
 * password with username = its deviceId; over HTTP as its bearer token. {@link #close()} revokes them, so a
 * demo that ends leaves no live credentials behind. Not thread-safe: made and closed by one owner.
 */
public final class DeviceTokens implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String nodeUrl;
    private final String adminToken;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> ids = new LinkedHashMap<>();

    private DeviceTokens(String nodeUrl, String adminToken) {
        this.nodeUrl = nodeUrl;
        this.adminToken = adminToken;
    }

    /** Issues a bound device token for each of {@code deviceIds} on the node at {@code nodeUrl}. */
    public static DeviceTokens issue(String nodeUrl, String adminToken, List<String> deviceIds) {
        DeviceTokens t = new DeviceTokens(nodeUrl, adminToken);
        for (String device : deviceIds) {
            JsonNode issued = t.send("POST", "/api/v1/tokens",
                    "{\"role\":\"device\",\"name\":\"simulated " + device + "\",\"deviceId\":\"" + device + "\"}", 201);
            t.tokens.put(device, issued.get("token").asText());
            t.ids.put(device, issued.get("id").asText());
        }
        return t;
    }

    /** The token of {@code deviceId}. */
    public String of(String deviceId) {
        String token = tokens.get(deviceId);
        if (token == null) {
            throw new IllegalArgumentException("no token was issued for " + deviceId);
        }
        return token;
    }

    @Override
    public void close() {
        for (String id : ids.values()) {
            try {
                send("DELETE", "/api/v1/tokens/" + id, null, 204);
            } catch (IllegalStateException e) {
                // the node may be gone already (demo shutdown): its tokens go with its data dir
            }
        }
        ids.clear();
    }

    private JsonNode send(String method, String path, String body, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(nodeUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode());
            }
            return r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
