package holdfast.edge.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.threads.ThreadFailures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts every raise and clear as JSON to {@code ops.webhook-url} (a paging or chat gateway), from a thread of its
 * own: a bounded queue (full: dropped and counted), a few retries with doubling delays, a 5 s timeout per call. Never
 * blocks the watch. Thread-safe.
 */
final class OpsWebhook implements OpsListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsWebhook.class);
    private static final String THREAD = "ops-webhook";

    private final URI url;
    private final int retries;
    private final String nodeId;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(100);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread sender;
    private final ThreadFailures failures;
    private volatile boolean closed;

    public OpsWebhook(String url, int retries, String nodeId, ObjectMapper mapper, ThreadFailures failures) {
        this.failures = failures;
        this.url = URI.create(url);
        this.retries = retries;
        this.nodeId = nodeId;
        this.mapper = mapper;
        this.sender = failures.virtual(THREAD).unstarted(this::run);
    }

    public void start() {
        sender.start();
    }

    @Override
    public void changed(OperatorAlert alert, java.util.List<OperatorAlert> open) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nodeId", nodeId);
        body.put("alert", alert);
        body.put("openCount", open.size());
        try {
            if (!queue.offer(mapper.writeValueAsBytes(body))) {
                failed.increment();
                LOG.warn("event=ops.webhook_dropped alertId={} reason=queue_full", alert.id());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode operator alert " + alert.id(), e);
        }
    }

    /** Calls the gateway answered with 2xx. */
    public long delivered() {
        return delivered.sum();
    }

    /** Changes given up on (retries spent, or the queue full). */
    public long failed() {
        return failed.sum();
    }

    private void run() {
        while (!closed) {
            byte[] body;
            try {
                body = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (body != null) {
                try {
                    send(body);
                } catch (RuntimeException e) {
                    // Top of the sender: this change is given up, the next one is still sent.
                    failed.increment();
                    failures.failed(THREAD, e);
                }
            }
        }
    }

    private void send(byte[] body) {
        long delayMs = 1000;
        for (int attempt = 0; attempt <= retries && !closed; attempt++) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    delivered.increment();
                    return;
                }
                LOG.debug("event=ops.webhook_refused status={} attempt={}", r.statusCode(), attempt);
            } catch (IOException e) {
                LOG.debug("event=ops.webhook_failed error=\"{}\" attempt={}", e.getMessage(), attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                return;
            }
            delayMs *= 2;
        }
        failed.increment();
        LOG.warn("event=ops.webhook_gave_up url={} retries={}", url, retries);
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
    }
}
