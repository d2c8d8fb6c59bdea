package holdfast.simulator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** What a FHIR server holds, asked over its REST API as a site's application would. */
public final class FhirQueries {

    public static final String EVENT_SYSTEM = "urn:holdfast:event-id";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public FhirQueries(String base) {
        this.base = base;
    }

    /** How many {@code type} resources carry {@code urn:holdfast:event-id|eventId}. */
    public int count(String type, String eventId) {
        return get(type + "?_summary=count&identifier=" + enc(EVENT_SYSTEM + "|" + eventId)).path("total").asInt(-1);
    }

    /** A search, e.g. {@code DiagnosticReport?subject=Patient/pat-1}: the searchset Bundle. */
    public JsonNode search(String query) {
        return get(query);
    }

    /** The resource, or null when the server has none at that id. */
    public JsonNode read(String type, String id) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/" + type + "/" + id)).GET());
        return r.statusCode() == 200 ? tree(r.body()) : null;
    }

    /** {@code PUT type/id}: the site's own master data (patients, encounters). */
    public void put(String type, String id, String json) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/" + type + "/" + id))
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(json)));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + type + "/" + id + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Resources of {@code type} per event id (first identifier value), over all pages. */
    public Map<String, Integer> countsByEvent(String type) {
        Map<String, Integer> counts = new HashMap<>();
        JsonNode page = get(type + "?_count=200&_elements=identifier");
        while (page != null) {
            for (JsonNode e : page.path("entry")) {
                for (JsonNode id : e.path("resource").path("identifier")) {
                    if (EVENT_SYSTEM.equals(id.path("system").asText())) {
                        counts.merge(id.path("value").asText(), 1, Integer::sum);
                        break;
                    }
                }
            }
            String next = null;
            for (JsonNode link : page.path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    next = link.path("url").asText();
                }
            }
            page = next == null ? null : tree(send(HttpRequest.newBuilder(URI.create(next)).GET()).body());
        }
        return counts;
    }

    /** POSTs the server has answered (the node's transactions), from the test server's own counter. */
    public long posts() {
        String root = base.substring(0, base.lastIndexOf('/'));
        return tree(send(HttpRequest.newBuilder(URI.create(root + "/stats")).GET()).body()).path("posts").asLong();
    }

    private JsonNode get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/" + path)).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return tree(r.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(30)).header("Accept", "application/fhir+json")
                            .header("Cache-Control", "no-cache").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
