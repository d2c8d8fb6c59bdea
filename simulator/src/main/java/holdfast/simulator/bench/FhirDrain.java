package holdfast.simulator.bench;

import holdfast.shared.envelope.Lane;
import holdfast.simulator.fhir.FhirServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The drain bench's FHIR phase: a HAPI FHIR R4 JPA server (own JVM, loopback) first takes transaction Bundles of
 * the Observations the node would send, posted directly by one client (the server's own ceiling for this load:
 * the baseline); then the node drains a backlog of the same readings into it, one transaction per batch. The
 * ratio says how much of the server's rate the sink uses. A JPA server takes a few hundred resources per second,
 * so the backlog is smaller than the HTTP and Kafka phases'.
 */
final class FhirDrain {

    private FhirDrain() {
    }

    static void run(Path root, int events, int batch, int heapMb, Duration timeout) throws Exception {
        System.out.println("--- sink fhir (HAPI FHIR 8.8 JPA server, R4, H2 in memory, own JVM, loopback) ---");
        try (FhirServer server = FhirServer.start(root.resolve("fhir"))) {
            int baselineEvents = Math.max(batch, events / 2);
            double baseline = baseline(server, baselineEvents, batch);
            System.out.printf("(baseline) one client posting transaction Bundles of %d Observation PUTs: %,.0f "
                    + "events/s over %,d events%n", batch, baseline, baselineEvents);
            Path data = root.resolve("node-fhir");
            Map<Lane, Integer> counts = new EnumMap<>(Lane.class);
            counts.put(Lane.CRITICAL, events / 100);
            counts.put(Lane.BATCH, events / 5);
            counts.put(Lane.STANDARD, events - events / 100 - events / 5);
            long fill = System.nanoTime();
            DrainBench.prefill(data, counts);
            System.out.printf("backlog written in %.1f s%n", (System.nanoTime() - fill) / 1e9);
            int port = DrainBench.freePort();
            Process node = DrainBench.startNode(data, server.upstreamUrl(), heapMb, port, Map.of(
                    "HOLDFAST_CONFIG_UPSTREAM__DRAIN_MAX_EVENTS_PER_SECOND", "0",
                    "HOLDFAST_CONFIG_UPSTREAM__BATCH_MAX_EVENTS", String.valueOf(batch),
                    "HOLDFAST_CONFIG_UPSTREAM__REQUEST_TIMEOUT_MS", "60000",
                    "HOLDFAST_CONFIG_UPSTREAM__BACKOFF_MAX_MS", "250"));
            try {
                double rate = measure(node, port, events, timeout);
                System.out.printf("drain to FHIR: %,.0f events/s; ratio to the server's own rate %.2f%n", rate,
                        rate / baseline);
            } finally {
                DrainBench.stop(node);
            }
        }
    }

    /** Events/s from the first sample after the node is up until all are synced (what was synced before is left out). */
    private static double measure(Process node, int port, int events, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        long synced0 = DrainBench.synced(http, port);
        long deadline = start + timeout.toNanos();
        long synced = synced0;
        long peakRss = 0;
        Duration cpu0 = node.info().totalCpuDuration().orElse(Duration.ZERO);
        while (synced < events && System.nanoTime() < deadline && node.isAlive()) {
            node.waitFor(250, TimeUnit.MILLISECONDS); // sampling interval; returns early only if the node died
            synced = DrainBench.synced(http, port);
            peakRss = Math.max(peakRss, DrainBench.status(node.pid(), "VmRSS:"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("drained %,d of %,d events (%,d before the first sample) in %.1f s: node peak RSS %,d MB, "
                + "node CPU %.1f s%n", synced, events, synced0, seconds, peakRss >> 20,
                node.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpu0).toMillis() / 1e3);
        return (synced - synced0) / seconds;
    }

    private static double baseline(FhirServer server, int events, int batch) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        post(http, server, bundle(batch)); // warm-up: the server's first transaction pays for its caches
        long start = System.nanoTime();
        int sent = 0;
        while (sent < events) {
            post(http, server, bundle(batch));
            sent += batch;
        }
        return sent / ((System.nanoTime() - start) / 1e9);
    }

    private static void post(HttpClient http, FhirServer server, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.base()))
                .header("Content-Type", "application/fhir+json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("FHIR server answered " + r.statusCode() + " to the baseline");
        }
    }

    /** The node's shape for one heart-rate reading per event, with fresh ids. */
    private static String bundle(int n) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; i < n; i++) {
            String eventId = UUID.randomUUID().toString();
            String id = "hf-" + eventId + "-o0";
            b.append(i == 0 ? "" : ",").append("{\"fullUrl\":\"Observation/").append(id)
                    .append("\",\"resource\":{\"resourceType\":\"Observation\",\"id\":\"").append(id)
                    .append("\",\"identifier\":[{\"system\":\"urn:holdfast:event-id\",\"value\":\"").append(eventId)
                    .append("\"}],\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
                            + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],"
                            + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]},"
                            + "\"effectiveDateTime\":\"2026-01-01T00:00:00Z\",\"valueQuantity\":{\"value\":72,"
                            + "\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"},"
                            + "\"device\":{\"identifier\":{\"system\":\"urn:holdfast:device-id\",\"value\":\"bench-")
                    .append(i % 64).append("\"},\"display\":\"bench-").append(i % 64)
                    .append("\"}},\"request\":{\"method\":\"PUT\",\"url\":\"Observation/").append(id).append("\"}}");
        }
        return b.append("]}").toString();
    }
}
