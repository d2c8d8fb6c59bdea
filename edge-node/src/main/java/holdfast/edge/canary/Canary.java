package holdfast.edge.canary;

import holdfast.edge.HoldfastException;
import holdfast.edge.observe.NodeMetrics;
import holdfast.edge.security.Principal;
import holdfast.edge.security.Role;
import holdfast.edge.security.TokenStore;
import holdfast.edge.sync.SyncProgress;
import holdfast.edge.threads.ThreadFailures;
import holdfast.shared.api.CanaryStatus;
import holdfast.shared.api.CanaryStatus.CanaryPath;
import holdfast.shared.api.TokenIssued;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthetic canary: every {@code canary.interval-seconds} one marked reading per ingest path, sent as a real
 * sender would, timed from hand-over to durable ({@link CanaryHook} tells it) and from durable to answered by the
 * cloud (the lane's sync passing it, looked at every {@value #WATCH_MS} ms). Owns two threads, {@code canary-send}
 * and {@code canary-watch}, and a device token of its own (issued at start, revoked at close). Thread-safe: probe
 * state is guarded by this object's lock.
 */
final class Canary implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Canary.class);
    private static final String THREAD = "canary";
    static final long WATCH_MS = 100;
    private static final String TOKEN_NAME = "node canary";
    private static final int MAX_WAITING_PER_PATH = 1000;

    private final CanarySettings settings;
    private final String nodeId;
    private final CanaryMark mark;
    private final SyncProgress sync;
    private final boolean upstream;
    private final TokenStore tokens;
    private final Clock clock;
    private final ScheduledExecutorService threads;
    private final ThreadFailures failures;
    private final Map<String, PathState> paths = new LinkedHashMap<>();
    private final Map<String, Probe> waiting = new LinkedHashMap<>();
    private final List<CanarySender> senders = new ArrayList<>();
    private String tokenId;

    /**
     * @param upstream true when the node syncs to a cloud; without one a canary is proven once durable
     */
    public Canary(CanarySettings settings, String nodeId, CanaryMark mark, SyncProgress sync, boolean upstream,
                  TokenStore tokens, Clock clock, NodeMetrics metrics) {
        this.settings = settings;
        this.nodeId = nodeId;
        this.mark = mark;
        this.sync = sync;
        this.upstream = upstream;
        this.tokens = tokens;
        this.clock = clock;
        this.failures = metrics.threadFailures();
        this.threads = Executors.newScheduledThreadPool(2, failures.factory(THREAD));
        for (String path : List.of("http", "mqtt", "hl7")) {
            PathState state = new PathState();
            String label = "path=\"" + path + "\"";
            metrics.gauge("holdfast_canary_ingest_to_durable_ms", "Last canary: handed to the path until durable "
                    + "(-1 before the first)", label, () -> last(state.ingestToDurableMs));
            metrics.gauge("holdfast_canary_durable_to_accepted_ms", "Last canary: durable until the cloud answered "
                    + "for it (-1 before the first)", label, () -> last(state.durableToAcceptedMs));
            state.sent = metrics.counter("holdfast_canary_sent_total", "Canaries handed to their path", label);
            state.failed = metrics.counter("holdfast_canary_failed_total", "Canaries the path did not take "
                    + "(each path's last error is in the status)", label);
            paths.put(path, state);
        }
    }

    /** The hook that recognises canaries at ingest; first in the chain. */
    public CanaryHook hook() {
        return new CanaryHook(mark, nodeId, this::durable);
    }

    /**
     * Starts sending through the paths that are on: {@code httpPort}, {@code mqttUrl} or {@code mllpPort} null
     * when that path is off (or not provable from inside, e.g. behind TLS or another broker).
     */
    public void start(IntSupplier httpPort, String mqttUrl, IntSupplier mllpPort) {
        tokens.list().stream().filter(t -> TOKEN_NAME.equals(t.name()) && t.revokedAt() == null)
                .forEach(t -> tokens.revoke(t.id(), node())); // left by a node that did not stop cleanly
        TokenIssued token = tokens.issue(TOKEN_NAME, Role.DEVICE, CanaryMark.SENDER, node());
        tokenId = token.id();
        if (settings.paths().contains("http") && httpPort != null) {
            senders.add(new HttpCanarySender(httpPort, token.token()));
        }
        if (settings.paths().contains("mqtt") && mqttUrl != null) {
            senders.add(new MqttCanarySender(mqttUrl, nodeId, token.token()));
        }
        if (settings.paths().contains("hl7") && mllpPort != null) {
            senders.add(new Hl7CanarySender(mllpPort));
        }
        synchronized (this) {
            paths.keySet().retainAll(senders.stream().map(CanarySender::path).toList());
        }
        long every = settings.interval().toMillis();
        threads.scheduleWithFixedDelay(failures.guarded(THREAD, this::sendAll), Math.min(every, 2000), every,
                TimeUnit.MILLISECONDS);
        threads.scheduleWithFixedDelay(failures.guarded(THREAD, this::watch), WATCH_MS, WATCH_MS,
                TimeUnit.MILLISECONDS);
        LOG.info("event=canary.started paths={} intervalSeconds={}", paths.keySet(), settings.interval().toSeconds());
    }

    /** The canary's part of the status. */
    public synchronized CanaryStatus status() {
        Map<String, CanaryPath> view = new TreeMap<>();
        Instant proof = paths.isEmpty() ? null : Instant.MAX;
        for (Map.Entry<String, PathState> e : paths.entrySet()) {
            PathState s = e.getValue();
            Instant proven = upstream ? s.lastAcceptedAt : s.lastDurableAt;
            proof = proof == null || proven == null ? null : (proven.isBefore(proof) ? proven : proof);
            Instant since = waiting.values().stream().filter(p -> p.path.equals(e.getKey())).findFirst()
                    .map(p -> p.sentAt).orElse(null);
            view.put(e.getKey(), new CanaryPath(s.ingestToDurableMs, upstream ? s.durableToAcceptedMs : null,
                    s.lastSentAt, s.lastDurableAt, s.lastAcceptedAt, since, s.lastError));
        }
        return new CanaryStatus(proof, settings.acceptWithin().toSeconds(), view);
    }

    private void sendAll() {
        for (CanarySender sender : senders) {
            String probeId = UUID.randomUUID().toString();
            Instant at = clock.instant();
            synchronized (this) {
                // Before it is sent: the node may have it durable before the path answers.
                waiting.put(probeId, new Probe(sender.path(), at, System.nanoTime()));
                trim(sender.path());
            }
            PathState state = paths.get(sender.path());
            try {
                sender.send(mark.messageId(sender.path(), probeId), at);
                state.sent.increment();
                synchronized (this) {
                    state.lastSentAt = at;
                    state.lastError = null;
                }
            } catch (IOException | RuntimeException e) {
                // Top of one path's send: a broken path must not stop the others' canaries.
                state.failed.increment();
                synchronized (this) {
                    if (state.lastError == null) {
                        LOG.warn("event=canary.send_failed path={} error=\"{}\"", sender.path(), e.getMessage());
                    }
                    state.lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
            }
        }
    }

    private synchronized void durable(EventEnvelope event) {
        Probe p = waiting.get(event.payload().path("probeId").asText(""));
        if (p == null) {
            return; // sent before a restart, or already let go
        }
        PathState state = paths.get(p.path);
        p.durableNanos = System.nanoTime();
        p.lane = event.lane();
        p.laneSeq = event.laneSeq();
        state.ingestToDurableMs = (p.durableNanos - p.sentNanos) / 1_000_000;
        state.lastDurableAt = clock.instant();
        if (!upstream) {
            proven(p, state, null);
        }
    }

    private synchronized void watch() {
        if (!upstream) {
            return;
        }
        for (Probe p : List.copyOf(waiting.values())) {
            if (p.lane != null && sync.syncedSeq(p.lane) >= p.laneSeq) {
                PathState state = paths.get(p.path);
                state.durableToAcceptedMs = (System.nanoTime() - p.durableNanos) / 1_000_000;
                state.lastAcceptedAt = clock.instant();
                proven(p, state, state.lastAcceptedAt);
            }
        }
    }

    /** A proven canary lets go of every older one of its path: the path works, whatever became of them. */
    private void proven(Probe proven, PathState state, Instant acceptedAt) {
        for (Iterator<Probe> it = waiting.values().iterator(); it.hasNext(); ) {
            Probe p = it.next();
            if (p.path.equals(proven.path)) {
                it.remove();
            }
            if (p == proven) {
                break;
            }
        }
        if (acceptedAt != null && LOG.isDebugEnabled()) {
            LOG.debug("event=canary.accepted path={} durableToAcceptedMs={}", proven.path, state.durableToAcceptedMs);
        }
    }

    /** Keeps the oldest waiting canary of a path (it says since when) and the newest, never an unbounded list. */
    private void trim(String path) {
        List<String> ofPath = waiting.entrySet().stream().filter(e -> e.getValue().path.equals(path))
                .map(Map.Entry::getKey).toList();
        if (ofPath.size() > MAX_WAITING_PER_PATH) {
            waiting.remove(ofPath.get(1));
        }
    }

    private static long last(Long value) {
        return value == null ? -1 : value;
    }

    private static Principal node() {
        return new Principal(null, "node", Role.ADMIN, null);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.forEach(CanarySender::close);
        if (tokenId != null) {
            try {
                tokens.revoke(tokenId, node());
            } catch (HoldfastException e) {
                LOG.warn("event=canary.token_revoke_failed error=\"{}\"", e.getMessage());
            }
        }
    }

    /** One canary on its way. */
    private static final class Probe {
        final String path;
        final Instant sentAt;
        final long sentNanos;
        long durableNanos;
        Lane lane;
        long laneSeq;

        Probe(String path, Instant sentAt, long sentNanos) {
            this.path = path;
            this.sentAt = sentAt;
            this.sentNanos = sentNanos;
        }
    }

    /** One path's last figures. */
    private static final class PathState {
        LongAdder sent;
        LongAdder failed;
        Long ingestToDurableMs;
        Long durableToAcceptedMs;
        Instant lastSentAt;
        Instant lastDurableAt;
        Instant lastAcceptedAt;
        String lastError;
    }
}
