package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.sync.EventResult;
import holdfast.edge.sync.SyncOutcome;
import holdfast.edge.sync.SyncSettings;
import holdfast.edge.sync.Upstream;
import holdfast.edge.sync.UpstreamExchange;
import holdfast.edge.sync.UpstreamTrouble;
import holdfast.shared.envelope.Lane;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One lane's batches as FHIR transactions: {@code POST {base}} with a transaction Bundle of the batch's
 * resources, over its own {@link HttpClient} (its own connection, as with the batch protocol), behind the
 * node's one circuit breaker. Only transport failures and 5xx count against the breaker. The probe asks
 * {@code GET {base}/metadata}. Safe for one thread at a time (one lane worker); {@link #close} from any thread.
 */
final class FhirUpstream implements Upstream {

    private static final String FHIR_JSON = "application/fhir+json";

    private final SyncSettings sync;
    private final URI base;
    private final URI metadata;
    private final CircuitBreaker breaker;
    private final FhirCredentials credentials;
    private final EventMapper mapper;
    private final FhirReplies replies;
    private final ObjectMapper json;
    private final HttpClient http;

    FhirUpstream(SyncSettings sync, FhirSettings settings, CircuitBreaker breaker, FhirCredentials credentials,
                 EventMapper mapper, ObjectMapper json) {
        this.sync = sync;
        this.base = settings.base();
        this.metadata = URI.create(settings.base() + "/metadata?_summary=true");
        this.breaker = breaker;
        this.credentials = credentials;
        this.mapper = mapper;
        this.replies = new FhirReplies(json);
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(sync.connectTimeout())
                .build();
    }

    @Override
    public SyncOutcome send(String batchId, Lane lane, List<byte[]> events) throws InterruptedException {
        if (events.isEmpty()) {
            return probe();
        }
        List<String> eventIds = new ArrayList<>(events.size());
        List<FhirEntry> entries = new ArrayList<>(events.size() * 2);
        for (byte[] event : events) {
            JsonNode tree;
            try {
                tree = json.readTree(event);
            } catch (IOException e) {
                throw new UncheckedIOException("the journal holds an event that is not JSON", e);
            }
            eventIds.add(tree.path("eventId").asText());
            entries.addAll(mapper.map(tree, event));
        }
        byte[] body = TransactionBundle.of(json, entries);
        return exchange(() -> post(body), eventIds, true);
    }

    /** {@code GET metadata} past the breaker: while the link is lost the breaker must not hide its return. */
    @Override
    public SyncOutcome probe() throws InterruptedException {
        SyncOutcome outcome = exchange(this::capabilities, List.of(), false);
        return outcome instanceof SyncOutcome.Answered ? new SyncOutcome.Answered(List.of()) : outcome;
    }

    @Override
    public void close() {
        http.shutdownNow(); // aborts a request in flight: no interrupt ever reaches the journal's file channels
    }

    private SyncOutcome exchange(Request request, List<String> eventIds, boolean viaBreaker)
            throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<byte[]> response = viaBreaker ? breaker.invoke(request::send) : request.send();
                if (response.statusCode() == 401 && attempt == 0 && credentials.renew()) {
                    continue; // an expired token: fetch a fresh one and try once more
                }
                return eventIds.isEmpty() ? probeAnswer(response) : classify(response, eventIds);
            } catch (CircuitBreakerOpenException e) {
                return new SyncOutcome.Retry(null, "circuit breaker open after repeated upstream failures",
                        UpstreamTrouble.UNREACHABLE);
            } catch (UpstreamExchange.ServerTrouble e) {
                return eventIds.isEmpty() ? probeAnswer(e.response()) : classify(e.response(), eventIds);
            } catch (UncheckedIOException e) {
                return replies.classify(e.getCause());
            } catch (FhirCredentials.Refused e) {
                return new SyncOutcome.Fatal(401, e.getMessage());
            } catch (UpstreamExchange.Interrupted e) {
                throw e.interruption();
            }
        }
    }

    private SyncOutcome classify(HttpResponse<byte[]> response, List<String> eventIds) {
        return replies.classify(response.statusCode(), UpstreamExchange.retryAfter(response), response.body(),
                eventIds);
    }

    private SyncOutcome probeAnswer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 200) {
            return new SyncOutcome.Answered(List.<EventResult>of());
        }
        if (status == 401 || status == 403 || status == 429 || status == 503 || status >= 500) {
            return replies.classify(status, UpstreamExchange.retryAfter(response), response.body(), List.of());
        }
        return new SyncOutcome.Retry(null, "FHIR server answered " + status + " to GET metadata (is "
                + base + " a FHIR base URL?)", UpstreamTrouble.FAILING);
    }

    private HttpResponse<byte[]> post(byte[] body) {
        return call(HttpRequest.newBuilder(base)
                .header("Content-Type", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpResponse<byte[]> capabilities() {
        return call(HttpRequest.newBuilder(metadata).GET());
    }

    private HttpResponse<byte[]> call(HttpRequest.Builder builder) {
        String authorization = UpstreamExchange.call(credentials::authorization);
        builder.timeout(sync.requestTimeout()).header("Accept", FHIR_JSON);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return UpstreamExchange.counted(UpstreamExchange.send(http, builder.build()), "FHIR server");
    }

    @FunctionalInterface
    private interface Request {
        HttpResponse<byte[]> send();
    }
}
