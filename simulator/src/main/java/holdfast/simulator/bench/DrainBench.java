package holdfast.simulator.bench;

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
import holdfast.simulator.cloud.FaultPlan;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.kafka.KafkaBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./holdfast bench drain}: a backlog of N events (default 1,000,000: 1 % critical, 79 % standard, 20 %
 * batch) is written into a node's lane journals; the packaged node starts as a child JVM against the loopback
 * reference cloud, which answers 503 (an outage); then the cloud comes back and the node drains. Reported:
 * events/s over the drain, time from the cloud's return to the first critical event accepted, and the node's
 * peak RSS (VmRSS of the child) during the drain. The drain-rate cap is off (0) so the figure is the node's
 * own ceiling. Everything binds 127.0.0.1; every phase is bounded in time.
 *
 * <p>{@code --sinks http,kafka} (the default) then drains the same backlog into a real Kafka broker started in
 * this JVM, and measures beside it the broker's own transactional producer writing the same records
 * ({@code --baseline-events}, default 300,000): the Kafka sink's target is 0.7 of that.
 *
 * <p>{@code fhir} (also in the default) drains a smaller backlog ({@code --fhir-events}, default 5,000, batches of
 * {@code --fhir-batch} 100) into a real HAPI FHIR R4 server beside the server's own rate for the same transaction
 * Bundles posted directly ({@link FhirDrain}).
 */
final class DrainBench {

    private static final String TOKEN = "bench-cloud-token";
    /** Readings are observed "now" as far as the node's window is concerned (readings.observed-at-*). */
    private static final Instant OBSERVED_AT = Instant.now();
    private static final String ADMIN_TOKEN = "hf_bench-admin-token-0123456789";

    private DrainBench() {
    }

    static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int events = a.integer("events", 1_000_000);
        int batch = a.integer("batch", 1_000);
        int timeoutSeconds = a.integer("timeout", 600);
        int nodeHeapMb = a.integer("node-heap-mb", 512); // what ./holdfast edge gives the node
        List<String> sinks = List.of(a.text("sinks", "http,kafka,fhir").split(","));
        Path root = Files.createTempDirectory("holdfast-bench-drain");
        try {
            System.out.printf("holdfast bench drain: %,d events backlog, batch %d, node heap %d MB, %d cores, sinks %s, "
                    + "data in %s%n", events, batch, nodeHeapMb, Runtime.getRuntime().availableProcessors(), sinks, root);
            if (sinks.contains("http")) {
                Path data = root.resolve("node-http");
                prefillTimed(data, events);
                try (ReferenceCloud cloud = ReferenceCloud.start(0, root.resolve("cloud"), TOKEN)) {
                    cloud.faults(FaultPlan.of(FaultPlan.Mode.UNAVAILABLE));
                    Process node = startNode(data, cloud.url(), batch, nodeHeapMb, freePort());
                    try {
                        measure(node, cloud, events, Duration.ofSeconds(timeoutSeconds));
                    } finally {
                        stop(node);
                    }
                }
            }
            if (sinks.contains("kafka")) {
                kafka(root, events, batch, nodeHeapMb, a.integer("baseline-events", Math.min(events, 300_000)),
                        Duration.ofSeconds(timeoutSeconds));
            }
            if (sinks.contains("fhir")) {
                FhirDrain.run(root, a.integer("fhir-events", 5_000), a.integer("fhir-batch", 100), nodeHeapMb,
                        Duration.ofSeconds(timeoutSeconds));
            }
        } finally {
            DataDirs.delete(root);
        }
    }

    /** The same backlog drained into a real Kafka broker (this JVM), beside the broker's own producer rate. */
    private static void kafka(Path root, int events, int batch, int heapMb, int baselineEvents, Duration timeout)
            throws Exception {
        System.out.println("--- sink kafka (broker in this JVM, KRaft, loopback) ---");
        EnvelopeCodec codec = new EnvelopeCodec();
        UuidV7Generator ids = new UuidV7Generator();
        KafkaBroker first = KafkaBroker.start(root.resolve("kafka"));
        String url = first.url();
        try {
            double baseline = KafkaBaseline.measure(first, baselineEvents, batch,
                    i -> envelope(codec, ids, Lane.STANDARD, i));
            System.out.printf("(baseline) broker's own transactional producer, %,d events in transactions of %d: "
                    + "%,.0f events/s%n", baselineEvents, batch, baseline);
            first.close();
            Path data = root.resolve("node-kafka");
            prefillTimed(data, events);
            int port = freePort();
            // The broker is down while the node starts (an outage): the node buffers and retries; the drain is
            // timed from the broker's return, as the HTTP phase times it from the cloud's.
            Process node = startNode(data, url, batch, heapMb, port);
            try (KafkaBroker back = first.restart()) {
                double rate = measureSynced(node, port, events, timeout);
                System.out.printf("drain to Kafka: %,.0f events/s; ratio to the broker's own producer %.2f "
                        + "(target >= 0.70)%n", rate, rate / baseline);
            } finally {
                stop(node);
            }
        } finally {
            first.close();
        }
    }

    /** Drain rate from now (the sink is back) to the node's own count of synced events (its status) reaching all. */
    private static double measureSynced(Process node, int port, int events, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Duration cpu0 = node.info().totalCpuDuration().orElse(Duration.ZERO);
        long synced = 0;
        long peakRss = 0;
        while (synced < events && System.nanoTime() < deadline && node.isAlive()) {
            node.waitFor(250, TimeUnit.MILLISECONDS); // sampling interval; returns early only if the node died
            synced = synced(http, port);
            peakRss = Math.max(peakRss, status(node.pid(), "VmRSS:"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("drained %,d of %,d events in %.1f s: node peak RSS %,d MB, node CPU %.1f s%n", synced, events,
                seconds, peakRss >> 20, node.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpu0).toMillis() / 1e3);
        return synced / seconds;
    }

    static long synced(HttpClient http, int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/status")).header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        long sum = 0;
        for (com.fasterxml.jackson.databind.JsonNode lane : new EnvelopeCodec().mapper().readTree(r.body()).get("lanes")) {
            sum += lane.get("synced").asLong();
        }
        return sum;
    }

    private static void prefillTimed(Path data, int events) throws IOException {
        long fillStart = System.nanoTime();
        prefill(data, events);
        System.out.printf("backlog written in %.1f s%n", (System.nanoTime() - fillStart) / 1e9);
    }

    static void stop(Process node) throws InterruptedException {
        node.destroy();
        if (!node.waitFor(30, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
    }

    private static void measure(Process node, ReferenceCloud cloud, int events, Duration timeout) throws Exception {
        Duration nodeCpu0 = node.info().totalCpuDuration().orElse(Duration.ZERO);
        long benchCpu0 = benchCpuNanos();
        Instant back = Instant.now();
        cloud.faults(FaultPlan.none());
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long peakRss = 0;
        long peakAnon = 0;
        long accepted = 0;
        while (accepted < events && System.nanoTime() < deadline && node.isAlive()) {
            peakRss = Math.max(peakRss, status(node.pid(), "VmRSS:"));
            peakAnon = Math.max(peakAnon, status(node.pid(), "RssAnon:"));
            node.waitFor(250, TimeUnit.MILLISECONDS); // sampling interval; returns early only if the node died
            accepted = cloud.store().acceptedCount();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Instant firstCritical = cloud.ledger().firstAccepted("critical");
        System.out.printf("drained %,d of %,d events in %.1f s: %,.0f events/s (target >= 30,000)%n", accepted, events,
                seconds, accepted / seconds);
        System.out.printf("cloud back -> first critical accepted: %s (target < 1 s)%n", firstCritical == null ? "never"
                : Duration.between(back, firstCritical).toMillis() + " ms");
        System.out.printf("node peak RSS during drain: %,d MB (target < 512 MB); of it anonymous (heap, stacks, "
                + "native): %,d MB, the rest file-backed journal pages the kernel can drop%n", peakRss >> 20, peakAnon >> 20);
        System.out.printf("CPU during drain: node %.1f s, reference cloud (this JVM) %.1f s, wall %.1f s%n",
                (node.info().totalCpuDuration().orElse(Duration.ZERO).minus(nodeCpu0)).toMillis() / 1e3,
                (benchCpuNanos() - benchCpu0) / 1e9, seconds);
        System.out.printf("cloud: %,d accepted, %,d duplicates, %,d requests%n", cloud.store().acceptedCount(),
                cloud.store().duplicateCount(), cloud.requests().total());
    }

    private static void prefill(Path data, int events) throws IOException {
        java.util.Map<Lane, Integer> counts = new java.util.EnumMap<>(Lane.class);
        counts.put(Lane.CRITICAL, events / 100);
        counts.put(Lane.BATCH, events / 5);
        counts.put(Lane.STANDARD, events - events / 100 - events / 5);
        prefill(data, counts);
    }

    /** Writes {@code counts} events into each lane's journal under {@code data}, as a node would have. */
    static void prefill(Path data, java.util.Map<Lane, Integer> counts) throws IOException {
        EnvelopeCodec codec = new EnvelopeCodec();
        UuidV7Generator ids = new UuidV7Generator();
        for (Lane lane : Lane.values()) {
            int count = counts.getOrDefault(lane, 0);
            Path dir = data.resolve("journals").resolve(lane.wireName());
            Files.createDirectories(dir);
            try (ChronicleJournal journal = ChronicleJournal.open(lane, dir, JournalSettings.defaults(), codec,
                    AppendListener.NONE)) {
                List<CompletableFuture<?>> window = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    window.add(journal.append(envelope(codec, ids, lane, i)));
                    if (window.size() == 4_096) {
                        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
                        window.clear();
                    }
                }
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
            }
        }
    }

    private static EventEnvelope envelope(EnvelopeCodec codec, UuidV7Generator ids, Lane lane, int i) {
        String device = "bench-" + lane.wireName() + "-" + (i % 64);
        byte[] body = ("{\"messageId\":\"m-" + i + "\",\"deviceId\":\"" + device + "\",\"bed\":\"ICU-" + (i % 16)
                + "\",\"observedAt\":\"" + OBSERVED_AT + "\",\"observations\":[{\"code\":\"8867-4\","
                + "\"system\":\"http://loinc.org\",\"value\":72,\"unit\":\"/min\"}]}").getBytes(StandardCharsets.UTF_8);
        try {
            return new EventEnvelope(ids.nextString(), "http:" + device + ":m-" + i, 1, lane, 0, EventKind.OBSERVATION,
                    new Source("http", device, "m-" + i), ids.nextString(), null, Instant.now(), Instant.now(),
                    new Subject(null, null, "ICU", "ICU-" + (i % 16), device), codec.mapper().readTree(body),
                    Raw.of("application/json", body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Process startNode(Path data, String cloudUrl, int batch, int heapMb, int port) throws Exception {
        // Reconnect detection is bounded by the longest wait between tries: backoff and the open breaker's delay
        // (defaults 30 s and 5 s). The bench shortens both so it measures the drain, not the wait.
        return startNode(data, cloudUrl, heapMb, port, java.util.Map.of(
                "HOLDFAST_CONFIG_UPSTREAM__DRAIN_MAX_EVENTS_PER_SECOND", "0",
                "HOLDFAST_CONFIG_UPSTREAM__BATCH_MAX_EVENTS", String.valueOf(batch),
                "HOLDFAST_CONFIG_UPSTREAM__BACKOFF_MAX_MS", "250",
                "HOLDFAST_CONFIG_UPSTREAM__BREAKER_DELAY_MS", "250"));
    }

    /** The packaged node as a child JVM on a free loopback port, healthy, with {@code env} on top. */
    static Process startNode(Path data, String cloudUrl, int heapMb, java.util.Map<String, String> env)
            throws Exception {
        return startNode(data, cloudUrl, heapMb, freePort(), env);
    }

    static Process startNode(Path data, String cloudUrl, int heapMb, int port,
                             java.util.Map<String, String> env) throws Exception {
        Path jar = Path.of("edge-node", "target", "holdfast-edge-node.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./holdfast build");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // The same Chronicle flags this JVM was started with (the launcher keeps them in one place).
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(f -> f.startsWith("--add-") || f.startsWith("--enable-native") || f.startsWith("--sun-misc")
                        || f.startsWith("-Dchronicle"))
                .forEach(command::add);
        command.addAll(List.of("-Xmx" + heapMb + "m", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile());
        pb.environment().put("HOLDFAST_DATA_DIR", data.toString());
        pb.environment().put("HOLDFAST_HTTP_PORT", String.valueOf(port));
        pb.environment().put("HOLDFAST_ADMIN_TOKEN", ADMIN_TOKEN);
        pb.environment().put("HOLDFAST_EMBEDDED_BROKER_PORT", "0");
        pb.environment().put("HOLDFAST_MLLP_PORT", "0"); // another node on the machine may hold 2575
        pb.environment().put("HOLDFAST_UPSTREAM_URL", cloudUrl);
        pb.environment().put("HOLDFAST_UPSTREAM_TOKEN", TOKEN);
        pb.environment().put("HOLDFAST_CONFIG_CANARY__INTERVAL_SECONDS", "0"); // only the bench's events drain
        pb.environment().putAll(env);
        pb.environment().put("HOLDFAST_CONFIG_DISK__BATCH_MIN_FREE_MB", "0");
        pb.environment().put("HOLDFAST_CONFIG_DISK__STANDARD_MIN_FREE_MB", "0");
        pb.environment().put("HOLDFAST_CONFIG_DISK__CRITICAL_MIN_FREE_MB", "0");
        Process process = pb.start();
        try {
            awaitHealthy(process, port, Duration.ofMinutes(5));
        } catch (IllegalStateException e) {
            process.destroyForcibly();
            List<String> log = Files.readAllLines(data.resolveSibling(data.getFileName() + ".log"));
            log.subList(Math.max(0, log.size() - 40), log.size()).forEach(System.err::println);
            throw e;
        }
        return process;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitHealthy(Process process, int port, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet (the node indexes the prefilled journals at start-up)
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("node did not become healthy (see node.log)");
    }

    private static long benchCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** A kB field of /proc/PID/status in bytes (0 where unavailable). */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
