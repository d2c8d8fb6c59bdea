package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * OAuth2 client credentials ({@code grant_type=client_credentials}, client id and secret in the form body):
 * one access token for all lanes, fetched when first needed and again shortly before it expires or after the
 * server answered 401. Thread-safe (one fetch at a time).
 */
final class ClientCredentials implements FhirCredentials {

    /** Renew this long before the token's stated expiry, so no request carries a token expiring in flight. */
    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final FhirSettings settings;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration timeout;
    private String header;
    private Instant renewAt = Instant.MIN;

    ClientCredentials(FhirSettings settings, HttpClient http, ObjectMapper mapper, Clock clock, Duration timeout) {
        this.settings = settings;
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public synchronized String authorization() throws IOException, InterruptedException {
        if (header == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return header;
    }

    @Override
    public synchronized boolean renew() {
        header = null;
        return true;
    }

    private void fetch() throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder("grant_type=client_credentials")
                .append("&client_id=").append(URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8))
                .append("&client_secret=").append(URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8));
        if (!settings.scope().isBlank()) {
            form.append("&scope=").append(URLEncoder.encode(settings.scope(), StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(settings.tokenUrl())
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        Instant asked = clock.instant();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 400 || status == 401 || status == 403) {
            throw new Refused("token endpoint refused the client credentials (" + status + ")");
        }
        if (status != 200) {
            throw new IOException("token endpoint answered " + status);
        }
        JsonNode body;
        try {
            body = mapper.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("token endpoint answered 200 with a body that is not JSON");
        }
        String token = body.path("access_token").asText("");
        if (token.isBlank()) {
            throw new IOException("token endpoint answered without an access_token");
        }
        Duration lifetime = body.path("expires_in").canConvertToLong()
                ? Duration.ofSeconds(body.get("expires_in").asLong()) : DEFAULT_LIFETIME;
        Duration usable = lifetime.compareTo(MARGIN.multipliedBy(2)) > 0 ? lifetime.minus(MARGIN) : lifetime.dividedBy(2);
        header = "Bearer " + token;
        renewAt = asked.plus(usable);
    }

    /** For tests and the status page: is a token held now? */
    synchronized boolean holdsToken() {
        return header != null;
    }
}
