package holdfast.edge.sync;

import holdfast.edge.trace.Tracing;
import holdfast.shared.envelope.Lane;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code POST {url}/v1/nodes/{nodeId}/events/batch} over {@code java.net.http}, behind the node's one circuit
 * breaker. Each instance has its own {@link HttpClient}, so each lane has its own connection: a hung batch-lane
 * request never holds the critical lane's socket (the bulkhead).
 *
 * <p>Only transport failures and 5xx count against the breaker; a 4xx is an answer, not an outage.
 * Safe for one thread at a time (one lane worker).
 */
final class HttpUpstream implements Upstream {

    private static final byte[] EVENTS_END = "]}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;
    private final SyncSettings settings;
    private final CircuitBreaker breaker;
    private final ReplyClassifier classifier;
    private final CloudClock cloudClock;
    private final LaneSeqQuery laneSeqs;

    HttpUpstream(SyncSettings settings, String nodeId, CircuitBreaker breaker, ReplyClassifier classifier,
                 CloudClock cloudClock) {
        this.cloudClock = cloudClock;
        this.settings = settings;
        this.breaker = breaker;
        this.classifier = classifier;
        this.endpoint = URI.create(settings.url() + "/v1/nodes/" + nodeId + "/events/batch");
        this.authorization = "Bearer " + settings.token();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        this.laneSeqs = new LaneSeqQuery(http, settings, nodeId);
    }

    @Override
    public CloudLaneSeq highestSeq(Lane lane) throws InterruptedException {
        return laneSeqs.ask(lane);
    }

    @Override
    public SyncOutcome send(String batchId, Lane lane, List<byte[]> events) throws InterruptedException {
        byte[] body = body(batchId, lane, events);
        return exchange(() -> breaker.invoke(() -> post(body)));
    }

    /** An empty critical batch past the breaker: while the link is lost the breaker must not hide its return. */
    @Override
    public SyncOutcome probe() throws InterruptedException {
        byte[] body = body(UUID.randomUUID().toString(), Lane.CRITICAL, List.of());
        return exchange(() -> post(body));
    }

    private SyncOutcome exchange(Supplier<HttpResponse<byte[]>> call) throws InterruptedException {
        try {
            HttpResponse<byte[]> response = call.get();
            return classifier.classify(response.statusCode(), UpstreamExchange.retryAfter(response), response.body());
        } catch (CircuitBreakerOpenException e) {
            return new SyncOutcome.Retry(null, "circuit breaker open after repeated upstream failures");
        } catch (UpstreamExchange.ServerTrouble e) {
            HttpResponse<byte[]> response = e.response();
            return classifier.classify(response.statusCode(), UpstreamExchange.retryAfter(response), response.body());
        } catch (UncheckedIOException e) {
            return classifier.classify(e.getCause());
        } catch (UpstreamExchange.Interrupted e) {
            throw e.interruption();
        }
    }

    @Override
    public void close() {
        http.shutdownNow(); // aborts a request in flight: no interrupt ever reaches the journal's file channels
    }

    private HttpResponse<byte[]> post(byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(settings.requestTimeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        // The upstream call's span, when tracing: the cloud can join the node's trace (W3C trace context).
        Tracing.inject(builder, (b, traceparent) -> b.header("traceparent", traceparent));
        Instant sentAt = cloudClock.now();
        HttpResponse<byte[]> response = UpstreamExchange.send(http, builder.build());
        cloudClock.observe(response.headers().firstValue("Date"), sentAt, cloudClock.now());
        return UpstreamExchange.counted(response, "upstream");
    }

    /** The node's one breaker, shared by the lanes' upstreams: an outage is the cloud's, not one lane's. */
    static CircuitBreaker breaker(SyncSettings settings) {
        return CircuitBreaker.builder()
                .name("upstream")
                .volume(settings.breakerVolume())
                .errorRatio(settings.breakerErrorRatio())
                .delay(settings.breakerDelay())
                .successThreshold(settings.breakerSuccessThreshold())
                .addSkipOn(UpstreamExchange.Interrupted.class)
                .build();
    }

    static byte[] body(String batchId, Lane lane, List<byte[]> events) {
        int size = 64;
        for (byte[] e : events) {
            size += e.length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(("{\"batchId\":\"" + batchId + "\",\"lane\":\"" + lane.wireName() + "\",\"events\":[")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(events.get(i));
        }
        out.writeBytes(EVENTS_END);
        return out.toByteArray();
    }
}
