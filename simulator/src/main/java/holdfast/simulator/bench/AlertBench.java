package holdfast.simulator.bench;

import holdfast.edge.EdgeNode;
import holdfast.edge.config.ConfigLoader;
import holdfast.simulator.LoopbackNodeConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code ./holdfast bench alerts}: how soon a ward display learns of an alert. Each probe posts one low-SpO2
 * reading for a bed of its own (so it raises a new alert) and waits for the alert on
 * {@code holdfast/v1/alerts/#} of the embedded broker. Reported: (a) the reading's own durable round trip (HTTP
 * 202, the baseline), (b) from the 202 to the alert on MQTT (the reading was durable before the 202, so this
 * is the alert's path after durability plus at most the response's way back), both idle and under a flood of
 * normal readings from other clients.
 */
final class AlertBench {

    private static final String TOKEN = "hf_bench-admin-token-0123456789";
    private static final Pattern BED = Pattern.compile("\"bed\":\"(P-[0-9]+)\"");

    private AlertBench() {
    }

    static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int probes = a.integer("probes", 300);
        int flooders = a.integer("flood-clients", 8);
        Path root = Files.createTempDirectory("holdfast-bench-alerts");
        int brokerPort;
        try (ServerSocket s = new ServerSocket(0)) {
            brokerPort = s.getLocalPort();
        }
        Map<String, String> config = LoopbackNodeConfig.overrides(root, TOKEN);
        config.put("mqtt.embedded-broker.port", String.valueOf(brokerPort));
        System.out.printf("holdfast bench alerts: %d probes per phase, %d flooding clients, %d cores%n", probes,
                flooders, Runtime.getRuntime().availableProcessors());
        try (EdgeNode node = EdgeNode.start(ConfigLoader.load(null, Map.of(), config), Clock.systemUTC())) {
            Map<String, Long> arrivals = new ConcurrentHashMap<>();
            MqttClient display = new MqttClient("tcp://127.0.0.1:" + brokerPort, "bench-display", new MemoryPersistence());
            connect(display, viewerToken(node.httpPort())); // a ward display presents a viewer token
            display.subscribe("holdfast/v1/alerts/#", 1, (topic, message) -> {
                Matcher m = BED.matcher(new String(message.getPayload(), StandardCharsets.UTF_8));
                if (m.find()) {
                    arrivals.putIfAbsent(m.group(1), System.nanoTime());
                }
            });
            try (LoopbackHttpClient http = new LoopbackHttpClient(node.httpPort(), "/api/v1/observations", TOKEN)) {
                phase("warm-up (not reported)", http, arrivals, 0, 50, false);
                long[] before = raiseFigures(node.httpPort());
                phase("idle", http, arrivals, 1_000, probes, true);
                before = printRaise(node.httpPort(), before);
                AtomicBoolean stop = new AtomicBoolean();
                LongAdder flooded = new LongAdder();
                List<Thread> flood = flood(node.httpPort(), flooders, stop, flooded);
                long t0 = System.nanoTime();
                phase("under a flood", http, arrivals, 2_000, probes, true);
                stop.set(true);
                for (Thread t : flood) {
                    t.join();
                }
                printRaise(node.httpPort(), before);
                System.out.printf("    (flood: %,.0f normal readings/s meanwhile)%n",
                        flooded.sum() / ((System.nanoTime() - t0) / 1e9));
            } finally {
                display.disconnect();
                display.close();
            }
        } finally {
            DataDirs.delete(root);
        }
    }

    private static void phase(String name, LoopbackHttpClient http, Map<String, Long> arrivals, int base, int probes,
                              boolean report) throws Exception {
        Latencies durable = new Latencies();
        Latencies alert = new Latencies();
        int lost = 0;
        for (int i = 0; i < probes; i++) {
            String bed = "P-" + (base + i);
            String body = "{\"messageId\":\"" + bed + "\",\"deviceId\":\"mon-" + bed + "\",\"bed\":\"" + bed + "\","
                    + "\"observedAt\":\"" + Instant.now() + "\",\"observations\":[{\"code\":\"59408-5\","
                    + "\"system\":\"http://loinc.org\",\"value\":82,\"unit\":\"%\"}]}";
            long t0 = System.nanoTime();
            if (http.post(body.getBytes(StandardCharsets.UTF_8)) != 202) {
                throw new IllegalStateException("probe " + bed + " was not accepted");
            }
            long acked = System.nanoTime();
            durable.add(acked - t0);
            long deadline = acked + 5_000_000_000L;
            Long arrived;
            while ((arrived = arrivals.get(bed)) == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (arrived == null) {
                lost++;
            } else {
                alert.add(Math.max(0, arrived - acked));
            }
        }
        if (report) {
            System.out.printf("%s: (a) reading durable (202): p50 %.2f ms, p99 %.2f ms | (b) 202 -> alert on MQTT: "
                            + "p50 %.2f ms, p99 %.2f ms, max %.2f ms | ratio b/a p99 %.2f | not seen within 5 s: %d%n",
                    name, durable.percentileMillis(50), durable.percentileMillis(99), alert.percentileMillis(50),
                    alert.percentileMillis(99), alert.percentileMillis(100),
                    alert.percentileMillis(99) / durable.percentileMillis(99), lost);
        }
    }

    /** The node's own figures: alerts raised, total and max micros from reading durable to alert durable, late. */
    static long[] raiseFigures(int port) throws Exception {
        double[] values = NodeMetricsScrape.values(port, "holdfast_alerts_raised", "holdfast_alerts_raise_micros_total",
                "holdfast_alerts_raise_micros_max", "holdfast_alerts_raised_late", "holdfast_alerts_raise_passes");
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }

    private static long[] printRaise(int port, long[] before) throws Exception {
        long[] now = raiseFigures(port);
        long raised = now[0] - before[0];
        System.out.printf("    node's own figure, reading durable -> alert durable (journaled): %d alerts, mean %.2f ms, "
                        + "max since start %.2f ms, over 100 ms: %d%n", raised,
                raised == 0 ? Double.NaN : (now[1] - before[1]) / 1000.0 / raised, now[2] / 1000.0, now[3] - before[3]);
        return now;
    }

    private static List<Thread> flood(int port, int clients, AtomicBoolean stop, LongAdder flooded) {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String device = "bulk-" + c;
            threads.add(Thread.ofPlatform().start(() -> {
                try (LoopbackHttpClient http = new LoopbackHttpClient(port, "/api/v1/observations", TOKEN)) {
                    long i = 0;
                    long end = System.nanoTime() + 600_000_000_000L; // bounded even if the stop flag is missed
                    while (!stop.get() && System.nanoTime() < end) {
                        if (http.post(IngestBench.reading(device, "f-" + i++, "batch")
                                .getBytes(StandardCharsets.UTF_8)) == 202) {
                            flooded.increment();
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        return threads;
    }

    private static void connect(MqttClient client, String viewerToken) throws Exception {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setUserName("bench-display");
        options.setPassword(viewerToken.toCharArray());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                client.connect(options);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200); // the embedded broker is still starting; bounded by the deadline
            }
        }
    }

    private static String viewerToken(int httpPort) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/v1/tokens"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"role\":\"viewer\",\"name\":\"bench display\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("cannot issue a viewer token: " + r.statusCode());
        }
        return m.group(1);
    }
}
