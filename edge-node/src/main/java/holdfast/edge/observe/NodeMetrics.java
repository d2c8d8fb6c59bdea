package holdfast.edge.observe;

import holdfast.edge.api.Mount;
import holdfast.edge.ingest.IngestListener;
import holdfast.edge.ingest.hl7.MllpServer;
import holdfast.edge.ingest.mqtt.MqttListener;
import holdfast.edge.journal.JournalTimings;
import holdfast.edge.sync.SyncTimings;
import holdfast.edge.threads.ThreadFailures;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's meters in a Micrometer registry of its own, rendered as Prometheus text at {@code /observe/metrics}.
 * Kept per node instance (no global registry) so several nodes in one JVM, as in tests, never share or confuse
 * their numbers. Thread-safe: counters are {@link LongAdder}s, gauges are read when scraped, histograms are
 * Micrometer timers with fixed buckets (a few per family, so a site's Prometheus keeps few series).
 *
 * <p>Names are the Prometheus names as exposed. A counter's name ends in {@code _total}; a value registered as a
 * gauge whose name ends in {@code _total} only ever grows, so it is exposed as a counter of that name (Prometheus
 * keeps the suffix for counters). Labels are given as exposed, e.g. {@code lane="urgent"}.
 */
public final class NodeMetrics implements IngestListener, JournalTimings, SyncTimings, AutoCloseable {

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String TOTAL = "_total";
    /** Waits that include a group commit (fsync ≈ 0.2 ms) and the writer's queue. */
    private static final Duration[] DURABLE_BUCKETS = millis(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500,
            5000);
    private static final Duration[] FSYNC_BUCKETS = millis(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000);
    /** From journaled to answered by the cloud: milliseconds when the link is up, hours across an outage. */
    private static final Duration[] SYNCED_BUCKETS = millis(10, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000,
            60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000);
    private static final Duration[] UPSTREAM_BUCKETS = millis(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000,
            30_000);
    /** The ward is promised an alert within 100 ms of its reading being durable. */
    public static final Duration[] ALERT_BUCKETS = millis(1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Lane, LongAdder> accepted = new ConcurrentHashMap<>();
    private final Map<Lane, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> duplicates = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Timer> ingestAck = new ConcurrentHashMap<>();
    private final Map<Lane, Timer> journalAppend = new ConcurrentHashMap<>();
    private final Map<Lane, Timer> journalFsync = new ConcurrentHashMap<>();
    private final Map<Lane, Timer> synced = new ConcurrentHashMap<>();
    private final Map<String, Timer> upstreamCalls = new ConcurrentHashMap<>();
    private final List<AutoCloseable> binders = new ArrayList<>();
    /**
     * The suppliers behind counters read at scrape time: Micrometer holds a function counter's object only weakly,
     * so a supplier nothing else kept would read 0 after the next garbage collection.
     */
    private final List<LongSupplier> countersRead = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ThreadFailures threadFailures = new ThreadFailures(thread -> counter("holdfast_thread_failures_total",
            "Exceptions met at the top of a thread the node owns (logged, then the thread goes on or ends)",
            "thread=\"" + thread + "\""));

    public NodeMetrics() {
        for (Lane lane : Lane.values()) {
            accepted.put(lane, counter("holdfast_ingest_accepted_total", "Events journaled for the first time",
                    lane(lane)));
            refused.put(lane, counter("holdfast_ingest_refused_total", "Events refused by back-pressure", lane(lane)));
            // Present from the start, so dashboards and rules see every lane before its first event.
            journalAppend.put(lane, laneTimer("holdfast_journal_append_seconds", "From an append being queued for "
                    + "the lane writer to the event being durable", lane, DURABLE_BUCKETS));
            journalFsync.put(lane, laneTimer("holdfast_journal_fsync_seconds", "One group commit of a lane journal: "
                    + "writing the batch and forcing it to disk", lane, FSYNC_BUCKETS));
            synced.put(lane, laneTimer("holdfast_sync_delay_seconds", "From an event being received (journaled) to "
                    + "the cloud answering for it", lane, SYNCED_BUCKETS));
        }
        for (String outcome : List.of("answered", "split", "retry", "fatal")) {
            upstreamCalls.put(outcome, upstreamTimer(outcome));
        }
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);
        // Registered at once (the GC pause timer appears only with the first collection): GC share of CPU.
        JvmHeapPressureMetrics pressure = new JvmHeapPressureMetrics();
        pressure.bindTo(registry);
        binders.add(pressure);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** {@code GET /observe/metrics}: these meters in the Prometheus text format. */
    public Mount routes() {
        return new MetricsRoutes(this).mount();
    }

    /** The MQTT subscriber's meters (acknowledgements, held messages, reconnects, backpressure pauses). */
    public MqttListener mqtt() {
        return new MqttMetrics(this);
    }

    /** Meters read from the MLLP listener when scraped. */
    public void watch(MllpServer mllp) {
        MllpMetrics.register(this, mllp);
    }

    /**
     * Meters read from the node's status when scraped (what the console shows).
     *
     * @param totalDiskBytes the size of the data volume (0 when unknown)
     * @param conditions     the node's operator alert conditions, and which of them are open now
     */
    public void watch(Supplier<NodeStatus> status, LongSupplier totalDiskBytes, List<String> conditions,
                      Supplier<Set<String>> openConditions) {
        StatusMetrics.register(this, status, totalDiskBytes, conditions, openConditions);
    }

    /**
     * From now until closed, connections the web server sees end mid-request are counted
     * ({@code holdfast_http_connection_noise_total}) and logged once, never a stack trace per socket.
     */
    public AutoCloseable countConnectionNoise() {
        return ConnectionNoise.install(counter("holdfast_http_connection_noise_total",
                "Connections the web server saw end mid-request (logged once, then only counted)", ""));
    }

    /** The policy every thread the node owns reports its failures to; counted here per thread. */
    public ThreadFailures threadFailures() {
        return threadFailures;
    }

    /** Registers a value read at scrape time, e.g. a lane's journal length. */
    public void gauge(String name, String help, String labels, LongSupplier value) {
        if (name.endsWith(TOTAL)) {
            countersRead.add(value);
            FunctionCounter.builder(name, value, LongSupplier::getAsLong).description(help).tags(tags(labels))
                    .register(registry);
            return;
        }
        Gauge.builder(name, value, v -> v.getAsLong()).description(help).tags(tags(labels)).strongReference(true)
                .register(registry);
    }

    /**
     * Registers a feature's own counter (e.g. MQTT reconnects) and returns it for the feature to increment.
     * The name should end in {@code _total}; Prometheus adds it to a counter's name otherwise.
     */
    public LongAdder counter(String name, String help, String labels) {
        LongAdder adder = new LongAdder();
        FunctionCounter.builder(name, adder, LongAdder::sum).description(help).tags(tags(labels)).register(registry);
        return adder;
    }

    /**
     * Registers a histogram of durations (name ending in {@code _seconds}) with these bucket bounds, and returns
     * what records one duration in nanoseconds.
     */
    public LongConsumer histogram(String name, String help, String labels, Duration... buckets) {
        Timer timer = timer(name, help, tags(labels), buckets);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void accepted(EventEnvelope event) {
        accepted.get(event.lane()).increment();
    }

    @Override
    public void durable(EventEnvelope event, long sinceIngestNanos) {
        String channel = event.source().channel();
        ingestAck.computeIfAbsent(channel + '\u0000' + event.lane().wireName(), k -> timer(
                        "holdfast_ingest_ack_seconds", "From a channel handing an input to the pipeline to its outcome "
                                + "being durable (the acknowledgement is sent then)",
                        Tags.of("channel", channel, "lane", event.lane().wireName()), DURABLE_BUCKETS))
                .record(sinceIngestNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void duplicate(String channel) {
        duplicates.computeIfAbsent(channel, c -> counter("holdfast_ingest_duplicates_total",
                "Repeated idempotency keys", "channel=\"" + c + "\"")).increment();
    }

    @Override
    public void refused(Lane lane) {
        refused.get(lane).increment();
    }

    @Override
    public void deadLettered(String channel) {
        deadLetters.computeIfAbsent(channel, c -> counter("holdfast_ingest_deadletters_total",
                "Inputs kept as dead letters", "channel=\"" + c + "\"")).increment();
    }

    @Override
    public void committed(Lane lane, int events, long syncNanos) {
        journalFsync.get(lane).record(syncNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void appended(Lane lane, long appendNanos) {
        journalAppend.get(lane).record(appendNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void synced(Lane lane, Duration sinceReceived) {
        synced.get(lane).record(sinceReceived.isNegative() ? Duration.ZERO : sinceReceived);
    }

    @Override
    public void called(String outcome, long nanos) {
        upstreamCalls.computeIfAbsent(outcome, this::upstreamTimer).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer laneTimer(String name, String help, Lane lane, Duration... buckets) {
        return timer(name, help, Tags.of("lane", lane.wireName()), buckets);
    }

    private Timer upstreamTimer(String outcome) {
        return timer("holdfast_upstream_call_seconds", "One batch sent upstream, by outcome (answered, split, retry, "
                + "fatal)", Tags.of("outcome", outcome), UPSTREAM_BUCKETS);
    }

    /**
     * Prometheus text exposition format 0.0.4. Whole numbers are written without a fraction ({@code 12}, not
     * {@code 12.0}): the format allows both, and scripts and runbooks that read the counters keep working.
     */
    public String scrape() {
        String text = registry.scrape();
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0) {
                out.append(line, 0, space + 1).append(plain(line.substring(space + 1)));
            } else {
                out.append(line);
            }
            out.append('\n');
            start = end + 1;
        }
        return out.toString();
    }

    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release a JVM meter", e);
            }
        }
        registry.close();
    }

    private static String plain(String value) {
        try {
            double d = Double.parseDouble(value);
            if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
                return Long.toString((long) d);
            }
        } catch (NumberFormatException e) {
            // +Inf, -Inf, NaN stay as they are
        }
        return value;
    }

    private Timer timer(String name, String help, Iterable<Tag> tags, Duration... buckets) {
        return Timer.builder(name).description(help).tags(tags).serviceLevelObjectives(buckets).register(registry);
    }

    private static String lane(Lane lane) {
        return "lane=\"" + lane.wireName() + "\"";
    }

    private static Tags tags(String labels) {
        Tags tags = Tags.empty();
        Matcher m = LABEL.matcher(labels);
        int at = 0;
        while (m.find()) {
            String between = labels.substring(at, m.start()).strip();
            if (!between.isEmpty() && !between.equals(",")) {
                throw new IllegalArgumentException("labels are name=\"value\" pairs, comma separated: " + labels);
            }
            tags = tags.and(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            at = m.end();
        }
        if (!labels.substring(at).isBlank()) {
            throw new IllegalArgumentException("labels are name=\"value\" pairs, comma separated: " + labels);
        }
        return tags;
    }

    private static Duration[] millis(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1_000_000));
        }
        return out;
    }
}
