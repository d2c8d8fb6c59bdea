package holdfast.simulator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for an edge node's API in tests (java.net.http, loopback). Thread-safe. */
public final class NodeClient {

    public static final String ADMIN_TOKEN = "hf_sync-test-admin-token-0123456789";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public NodeClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Response post(String path, String token, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    public Response get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    public JsonNode status() {
        Response r = get("/api/v1/status", ADMIN_TOKEN);
        if (r.status() != 200) {
            throw new IllegalStateException("status answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** The lane's entry in the status. */
    public JsonNode lane(String name) {
        for (JsonNode lane : status().get("lanes")) {
            if (lane.get("name").asText().equals(name)) {
                return lane;
            }
        }
        throw new IllegalStateException("no lane " + name);
    }

    /** A token with the given role, issued by the admin. */
    public String token(String role, String name) {
        Response r = post("/api/v1/tokens", ADMIN_TOKEN, "{\"role\":\"" + role + "\",\"name\":\"" + name + "\"}");
        if (r.status() != 201) {
            throw new IllegalStateException("token answered " + r.status() + ": " + r.body());
        }
        return r.json().get("token").asText();
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status and body. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }
}
