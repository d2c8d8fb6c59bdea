package holdfast.simulator.bench;

import holdfast.edge.EdgeNode;
import holdfast.edge.config.ConfigLoader;
import holdfast.edge.journal.AppendListener;
import holdfast.edge.journal.ChronicleJournal;
import holdfast.edge.journal.JournalSettings;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Raw;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import holdfast.shared.envelope.UuidV7Generator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ./holdfast bench ingest}: in one run on the same disk, (a) the raw journal append+fsync rate with
 * the node's group-commit policy and as many concurrent producers as (b) has clients, (b) the end-to-end
 * durable HTTP ingest rate, their ratio, (c) the latency of critical-lane posts while the batch lane is
 * flooded, and (d) the HTTP ingest rate with tracing on against off; (h) the same node answering
 * {@code GET /observe/health} to the same clients, the server-side ceiling of (b). (a) and (b) are measured in
 * turns, three rounds each, so that the disk's drift weighs on both alike. {@code --phases} picks among c and d
 * (a, h and b always run). Every phase is bounded in time; everything listens on 127.0.0.1 only.
 */
final class IngestBench {

    private static final String TOKEN = "hf_bench-admin-token-0123456789";
    private static final int LOAD_THREADS = 2;
    /** (a) and (b) are measured in turns, this many rounds each, sharing {@code --seconds}. */
    private static final int ROUNDS = 3;
    /** Readings are observed "now" as far as the node's window is concerned (readings.observed-at-*). */
    private static final Instant OBSERVED_AT = Instant.now();

    private IngestBench() {
    }

    static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int clients = a.integer("clients", 32);
        int seconds = a.integer("seconds", 10);
        String phases = a.text("phases", "abcd");
        Path root = Files.createTempDirectory("holdfast-bench-ingest");
        try {
            System.out.printf("holdfast bench ingest: %d clients, %d s per phase, %d cores, data in %s%n",
                    clients, seconds, Runtime.getRuntime().availableProcessors(), root);
            // Warm, as (b) is (the node is warmed up before it is measured): a JIT warm-up round, not reported.
            rawJournal(root.resolve("raw-warm"), clients, 2);
            Map<String, String> config = nodeConfig(root.resolve("node"));
            try (EdgeNode node = EdgeNode.start(ConfigLoader.load(null, Map.of(), config), Clock.systemUTC());
                 RawJournal raw = RawJournal.open(root.resolve("raw"))) {
                // JIT warm-up, not reported: the ingest path is long enough that with 3 s the compiler was still
                // busy through (b) (over 700 compilations in its 10 s); a node in service runs compiled code.
                httpLoad(node.httpPort(), clients, 8, "warm");
                NodeMetricsScrape.warmUp(node.httpPort());
                healthLoad(node.httpPort(), clients, 8);
                long jit = Jit.millis();
                Load health = healthLoad(node.httpPort(), clients, seconds);
                System.out.printf("(h) GET /observe/health on the same node, %d keep-alive clients: %,.0f answers/s%n",
                        clients, health.rate());
                health.print("answer", false);
                System.out.println(Jit.line(jit));
                // Back from health to ingest, the JIT compiled for 2-3 s of a core at the start of (b) (measured
                // in a 3 s ingest round right after (h)); with this round first, unreported, (b) compiles for
                // under half a second. A node in service has both kinds of request all along, no such switch.
                httpLoad(node.httpPort(), clients, 3, "rewarm");
                raw.round(clients, 1); // the raw journal's code again too, beside the node's
                // (a) and (b) in turns, three rounds each: measured one after the other, 40 s apart, the ratio
                // moved with the disk, whose pace on this VM drifts over tens of seconds ((a) read 42-44k/s in
                // runs whose (b) then committed at 520-545 us, against 430-460 in the others).
                double[] commitsBefore = NodeMetricsScrape.laneCommits(node.httpPort());
                int round = Math.max(1, seconds / ROUNDS);
                Load journal = Load.NONE;
                Load http = Load.NONE;
                jit = Jit.millis();
                long jitInRaw = 0;
                for (int r = 0; r < ROUNDS; r++) {
                    long beforeRaw = Jit.millis();
                    journal = journal.plus(raw.round(clients, round));
                    jitInRaw += Jit.millis() - beforeRaw;
                    http = http.plus(httpLoad(node.httpPort(), clients, round, "dev" + r));
                }
                System.out.printf("(a) raw journal append+fsync (group commit, %d producers): %,.0f events/s%n", clients,
                        journal.rate());
                System.out.printf("(b) durable HTTP ingest, %d keep-alive clients: %,.0f events/s%n", clients,
                        http.rate());
                http.print("event", true);
                System.out.printf("    (a) and (b) in turns, %d rounds of %d s each; JIT compiling meanwhile: %,d ms in "
                        + "(a), %,d ms in (b)%n", ROUNDS, round, jitInRaw, Jit.millis() - jit - jitInRaw);
                System.out.println(NodeMetricsScrape.laneCommitsLine(node.httpPort(), commitsBefore));
                System.out.printf("    ratio b/a: %.2f (target >= 0.60); ratio b/h: %.2f (target >= 0.50)%n",
                        http.rate() / journal.rate(), http.rate() / health.rate());
                if (phases.contains("c")) {
                    criticalUnderFlood(node.httpPort(), clients, seconds);
                }
                if (phases.contains("d")) {
                    tracedIngest(root.resolve("traced"), node.httpPort(), clients, seconds);
                }
            }
        } finally {
            DataDirs.delete(root);
        }
    }

    /**
     * (d) the same HTTP load on a second node that traces every ingest (observe.otlp-endpoint), exporting to a
     * local OTLP sink that accepts and discards, against the untraced node of (b): three rounds, alternating,
     * so that a machine getting busier or quieter weighs on both alike.
     */
    private static void tracedIngest(Path dataDir, int untracedPort, int clients, int seconds) throws Exception {
        com.sun.net.httpserver.HttpServer sink = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        LongAdder exports = new LongAdder();
        sink.createContext("/v1/traces", exchange -> {
            exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
            exports.increment();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        Map<String, String> config = nodeConfig(dataDir);
        config.put("observe.otlp-endpoint", "http://127.0.0.1:" + sink.getAddress().getPort() + "/v1/traces");
        try (EdgeNode node = EdgeNode.start(ConfigLoader.load(null, Map.of(), config), Clock.systemUTC())) {
            httpLoad(node.httpPort(), clients, 3, "warm");
            int phase = Math.max(2, seconds / 2);
            double off = 0;
            double on = 0;
            for (int round = 0; round < 3; round++) {
                System.out.printf("(d) round %d, tracing off then on, %d s each:%n", round + 1, phase);
                Load untraced = httpLoad(untracedPort, clients, phase, "off" + round);
                untraced.print("event", true);
                off += untraced.rate();
                Load traced = httpLoad(node.httpPort(), clients, phase, "on" + round);
                traced.print("event", true);
                on += traced.rate();
            }
            System.out.printf("(d) durable HTTP ingest, tracing off: %,.0f events/s; on (OTLP/HTTP to a local sink): "
                    + "%,.0f events/s%n", off / 3, on / 3);
            System.out.printf("    ratio on/off: %.2f%n", on / off);
        } finally {
            sink.stop(0);
        }
        System.out.printf("    OTLP export requests received: %d%n", exports.sum());
    }

    private static Map<String, String> nodeConfig(Path dataDir) {
        Map<String, String> config = holdfast.simulator.LoopbackNodeConfig.overrides(dataDir, TOKEN);
        config.put("lanes.rules.0.name", "bulk-backfill");
        config.put("lanes.rules.0.device-prefix", "bulk-");
        config.put("lanes.rules.0.lane", "batch");
        return config;
    }

    /** An unreported round on a raw journal of its own, opened and closed for it. */
    private static void rawJournal(Path dir, int producers, int seconds) throws Exception {
        try (RawJournal raw = RawJournal.open(dir)) {
            raw.round(producers, seconds);
        }
    }

    /**
     * (a): a lane journal with the node's settings and group commit, no node: producers on platform threads, each
     * appending and waiting for its append, as many as (b) has clients. Kept open across rounds.
     */
    private static final class RawJournal implements AutoCloseable {
        private final EnvelopeCodec codec;
        private final UuidV7Generator ids = new UuidV7Generator();
        private final ChronicleJournal journal;
        private long next;

        private RawJournal(EnvelopeCodec codec, ChronicleJournal journal) {
            this.codec = codec;
            this.journal = journal;
        }

        static RawJournal open(Path dir) {
            EnvelopeCodec codec = new EnvelopeCodec();
            return new RawJournal(codec, ChronicleJournal.open(Lane.STANDARD, dir, JournalSettings.defaults(), codec,
                    AppendListener.NONE));
        }

        /** Appends from {@code producers} threads for {@code seconds}. */
        Load round(int producers, int seconds) throws Exception {
            LongAdder done = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            long first = next;
            next += 1L << 40; // each round its own messageIds
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                threads.add(Thread.ofPlatform().start(() -> {
                    long i = first;
                    while (!stop.get()) {
                        journal.append(envelope(codec, ids, producer, i++)).join();
                        done.increment();
                    }
                }));
            }
            Load load = Load.over(seconds, done);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            return load;
        }

        @Override
        public void close() {
            journal.close();
        }
    }

    /** What a timed phase got: answers (or appends), seconds, and this process's CPU time meanwhile. */
    private record Load(long count, double seconds, long cpuNanos) {
        static final Load NONE = new Load(0, 0, 0);

        /** Waits {@code seconds} while something else counts into {@code count}: what it counted meanwhile. */
        static Load over(int seconds, LongAdder count) throws InterruptedException {
            long before = count.sum();
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            Thread.sleep(seconds * 1000L);
            return new Load(count.sum() - before, (System.nanoTime() - start) / 1e9, processCpuNanos() - cpuStart);
        }

        double rate() {
            return count / seconds;
        }

        Load plus(Load other) {
            return new Load(count + other.count, seconds + other.seconds, cpuNanos + other.cpuNanos);
        }

        /** Prints the CPU per answer ({@code unit}), and how busy the cores were, unless the unit is null. */
        void print(String unit, boolean withBusy) {
            if (unit == null) {
                return;
            }
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf("    CPU (node + load generator, one process) %.1f us per %s%s%n",
                    cpuNanos / 1000.0 / Math.max(1, count), unit, withBusy ? String.format(
                            "; machine busy %.0f%% of %d cores", 100.0 * cpuNanos / 1e9 / seconds / cores, cores) : "");
        }
    }

    private static EventEnvelope envelope(EnvelopeCodec codec, UuidV7Generator ids, int producer, long i) {
        byte[] body = reading("dev-" + producer, "m-" + i, null).getBytes(StandardCharsets.UTF_8);
        try {
            return new EventEnvelope(ids.nextString(), "http:dev-" + producer + ":m-" + i, 1, Lane.STANDARD, 0,
                    EventKind.OBSERVATION, new Source("http", "dev-" + producer, "m-" + i), ids.nextString(), null,
                    Instant.now(), Instant.now(), new Subject(null, null, "ICU", "ICU-3", "dev-" + producer),
                    codec.mapper().readTree(body), Raw.of("application/json", body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String reading(String device, String messageId, String priority) {
        return "{\"messageId\":\"" + messageId + "\",\"deviceId\":\"" + device + "\",\"bed\":\"ICU-3\","
                + "\"observedAt\":\"" + OBSERVED_AT + "\",\"observations\":["
                + "{\"code\":\"8867-4\",\"system\":\"http://loinc.org\",\"value\":72,\"unit\":\"/min\"},"
                + "{\"code\":\"59408-5\",\"system\":\"http://loinc.org\",\"value\":97,\"unit\":\"%\"}]"
                + (priority == null ? "" : ",\"priority\":\"" + priority + "\"") + "}";
    }

    /** Posts unique readings from {@code clients} connections for {@code seconds}. */
    private static Load httpLoad(int port, int clients, int seconds, String prefix) throws Exception {
        return timedLoad(port, clients, seconds, 202, (c, i) -> HttpLoadDriver.postRequest("/api/v1/observations",
                TOKEN, reading(prefix + "-" + c, "m-" + i, null).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * (h) the same clients GETting {@code /observe/health} on the same node: what the server answers when
     * nothing has to be parsed, journaled or indexed, the ceiling the ingest route is measured against.
     */
    private static Load healthLoad(int port, int clients, int seconds) throws Exception {
        byte[] get = HttpLoadDriver.getRequest("/observe/health", TOKEN);
        return timedLoad(port, clients, seconds, 200, (c, i) -> get);
    }

    /**
     * Keeps {@code clients} keep-alive connections busy, one request in flight on each, for {@code seconds};
     * counts the answers with status {@code ok}. The driver is two threads on selectors, as wrk's default is:
     * with a thread per connection the load took a quarter of this 2-core machine's CPU, most of it in the kernel
     * waking a thread per answer.
     */
    private static Load timedLoad(int port, int clients, int seconds, int ok, HttpLoadDriver.Requests requests)
            throws Exception {
        LongAdder answered = new LongAdder();
        LongAdder other = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        HttpLoadDriver.Runner load = new HttpLoadDriver(port, LOAD_THREADS).start(clients, requests, ok, answered,
                other, stop);
        load.awaitReady();
        Load measured = Load.over(seconds, answered);
        stop.set(true);
        load.join();
        if (other.sum() > 0) {
            System.out.printf("    (%d answers other than %d)%n", other.sum(), ok);
        }
        return measured;
    }

    /** One client posts critical readings back to back while the others flood the batch lane. */
    private static void criticalUnderFlood(int port, int clients, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder flooded = new LongAdder();
        List<Thread> flood = new ArrayList<>();
        for (int c = 0; c < clients - 1; c++) {
            String device = "bulk-" + c;
            flood.add(Thread.ofPlatform().start(() -> {
                try (LoopbackHttpClient http = new LoopbackHttpClient(port, "/api/v1/observations", TOKEN)) {
                    long i = 0;
                    while (!stop.get()) {
                        if (http.post(reading(device, "f-" + i++, null).getBytes(StandardCharsets.UTF_8)) == 202) {
                            flooded.increment();
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        try (LoopbackHttpClient http = new LoopbackHttpClient(port, "/api/v1/observations", TOKEN)) {
            long i = 0;
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                byte[] body = reading("crit-1", "c-" + i++, "critical").getBytes(StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                int status = http.post(body);
                if (status == 202) {
                    latencies.add(System.nanoTime() - t0);
                }
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread t : flood) {
            t.join();
        }
        System.out.printf("(c) critical post under batch flood (%d flooding clients, %,.0f batch events/s): "
                        + "%d critical posts, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                clients - 1, flooded.sum() / elapsed, latencies.count(), latencies.percentileMillis(50),
                latencies.percentileMillis(99), latencies.percentileMillis(100));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
