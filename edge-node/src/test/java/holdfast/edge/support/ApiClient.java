package holdfast.edge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small real HTTP client for tests (java.net.http against the node's loopback port). Thread-safe. */
public final class ApiClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String base;
    private final HttpClient http;

    public ApiClient(String base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Over a client of the test's own, e.g. one with a trust store for an HTTPS node. */
    public ApiClient(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    public Response post(String path, String token, byte[] body, String... headers) {
        HttpRequest.Builder b = request(path, token, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return send(b.header("Content-Type", "application/json").build());
    }

    /** A POST declaring {@code contentType} (none when null), as a sloppy sender might. */
    public Response postAs(String path, String token, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = request(path, token, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    public Response post(String path, String token, String body, String... headers) {
        return post(path, token, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    /** Only the status of a GET: the body is not read, so this also works for a stream that never ends. */
    public int getStatusOnly(String path, String token) {
        try {
            HttpResponse<java.io.InputStream> r = http.send(request(path, token).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return r.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    /**
     * Issues a token with {@code adminToken} and returns its secret; {@code deviceId} (may be null) binds a
     * device token to one device.
     */
    public String issueToken(String adminToken, String role, String deviceId) {
        String body = "{\"role\":\"" + role + "\",\"name\":\"test " + role + "\""
                + (deviceId == null ? "" : ",\"deviceId\":\"" + deviceId + "\"") + "}";
        Response r = post("/api/v1/tokens", adminToken, body);
        if (r.status() != 201) {
            throw new IllegalStateException("token issue answered " + r.status() + ": " + r.body());
        }
        return r.json().get("token").asText();
    }

    public JsonNode status(String token) {
        Response r = get("/api/v1/status", token);
        if (r.status() != 200) {
            throw new IllegalStateException("status answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    private HttpRequest.Builder request(String path, String token, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null),
                    r.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status, body and the headers tests look at. */
    public record Response(int status, String body, String retryAfter, String contentType) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }
}
