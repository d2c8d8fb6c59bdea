package holdfast.simulator.bench;

import holdfast.edge.EdgeNode;
import holdfast.edge.broker.BrokerAccess;
import holdfast.edge.broker.BrokerSettings;
import holdfast.edge.broker.EmbeddedBroker;
import holdfast.edge.broker.NodeCredential;
import holdfast.edge.config.ConfigLoader;
import holdfast.edge.security.Principal;
import holdfast.edge.security.Role;
import holdfast.edge.security.TokenStore;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.TokenIssued;
import holdfast.shared.api.TokenSummary;
import holdfast.simulator.devices.DeviceTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code ./holdfast bench mqtt}: in one run, on the embedded HiveMQ CE with the node's own configuration and
 * doors, (a) a plain Paho subscriber that acknowledges on arrival and (b) the node's durable subscriber, which
 * acknowledges only after the journal's fsync; both fed by the same publishers with the same ~300-byte
 * readings. (a) gets the best a plain client gets: the node's protocol (MQTT 5), its receive maximum and the
 * broker's in-flight window, TCP_NODELAY, and Paho's own acknowledgement as the callback returns, so the ratio
 * is the price of durability alone. Only the node may subscribe to device topics on its broker, so (a) runs
 * first on a broker instance of the bench's own (same settings, its own credential), which is closed before the
 * node starts; in (b) each publisher is a device with a token of its own, as on a ward. Each phase first runs
 * unreported warm-up rounds of a quarter of the messages for 16 s, so both are measured on compiled code (each
 * prints the JIT's time meanwhile). Prints both rates and their ratio. Bounded by
 * {@code --messages} (default 20,000) and a time limit per phase; loopback only. Options: {@code --messages N
 * --publishers P --timeout-seconds S --receive-maximum R --ack-threads T} (R: both subscribers' receive maximum,
 * default the node's {@code mqtt.receive-maximum}; T: the node's {@code mqtt.ack-threads}).
 */
public final class MqttBench {

    private static final String TOKEN = "hf_bench-admin-token-0123456789";
    /**
     * JIT warm-up before each measured phase, unreported: rounds of a quarter of the messages for 16 s. With one
     * such round (under a second) the JIT compiled for 2.6-2.8 s of (a) and 4.0 s of (b), phases of 3-4 s each;
     * after 8 s for ~2 s of each, after 16 s for under one.
     */
    private static final long WARM_UP_NANOS = 16_000_000_000L;
    private static final int MAX_WARM_UP_ROUNDS = 20;

    private MqttBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int messages = a.integer("messages", 20_000);
        int publishers = a.integer("publishers", 4);
        long timeoutMillis = a.integer("timeout-seconds", 120) * 1000L;
        Path root = Files.createTempDirectory("holdfast-bench-mqtt");
        int port = freePort();
        String url = "tcp://127.0.0.1:" + port;
        Map<String, String> config = holdfast.simulator.LoopbackNodeConfig.overrides(root.resolve("node"), TOKEN);
        config.put("mqtt.embedded-broker.port", String.valueOf(port));
        if (a.integer("receive-maximum", 0) > 0) {
            config.put("mqtt.receive-maximum", String.valueOf(a.integer("receive-maximum", 0)));
        }
        if (a.integer("ack-threads", 0) > 0) {
            config.put("mqtt.ack-threads", String.valueOf(a.integer("ack-threads", 0)));
        }
        holdfast.edge.ingest.mqtt.MqttSettings node = holdfast.edge.ingest.mqtt.MqttSettings.from(
                ConfigLoader.load(null, Map.of(), config).get("mqtt"));
        int receiveMaximum = node.receiveMaximum();
        System.out.printf("holdfast bench mqtt: %,d messages per phase, %d publishers, %d cores, broker %s,"
                + " MQTT 5 subscribers with receive maximum %,d, node acknowledging threads %d%n",
                messages, publishers, Runtime.getRuntime().availableProcessors(), url, receiveMaximum,
                node.ackThreads());
        try {
            Rate plain = plainPhase(url, root.resolve("plain-broker"), messages, publishers, timeoutMillis,
                    receiveMaximum);
            System.out.printf("(a) plain subscriber, ack on arrival:            %,.0f msg/s   (%.0f us CPU per message,"
                    + " JIT %,d ms)%n", plain.perSecond(), plain.cpuMicros(), plain.jitMillis());
            Rate durable = nodePhase(config, url, messages, publishers, timeoutMillis);
            System.out.printf("(b) node, ack after journal fsync (durable):      %,.0f msg/s   (%.0f us CPU per message,"
                    + " JIT %,d ms)%n", durable.perSecond(), durable.cpuMicros(), durable.jitMillis());
            System.out.printf("    ratio b/a: %.2f (target >= 0.80); CPU per message a/b: %.2f%n",
                    durable.perSecond() / plain.perSecond(), plain.cpuMicros() / durable.cpuMicros());
        } finally {
            DataDirs.delete(root);
        }
    }

    /** One unreported warm-up round, numbered. */
    @FunctionalInterface
    private interface WarmUpRound {
        void run(int round) throws Exception;
    }

    /** Runs warm-up rounds for {@link #WARM_UP_NANOS} (at most {@link #MAX_WARM_UP_ROUNDS}). */
    private static void warmUp(WarmUpRound warmUpRound) throws Exception {
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int round = 0; round < MAX_WARM_UP_ROUNDS && System.nanoTime() < warmUntil; round++) {
            warmUpRound.run(round);
        }
    }

    /** (a): a broker of the bench's own with the node's settings; closed before the node takes its port. */
    /**
     * A phase's result: messages per second, and the process's CPU per message over the same span (broker,
     * publishers and subscriber in one JVM), which a busy machine disturbs less than the rate.
     */
    private record Rate(double perSecond, double cpuMicros, long jitMillis) {
        static Rate since(long startNanos, long startCpu, long startJit, int messages) {
            return new Rate(messages / ((System.nanoTime() - startNanos) / 1e9),
                    (processCpuNanos() - startCpu) / 1000.0 / messages, Jit.millis() - startJit);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Rate plainPhase(String url, Path home, int messages, int publishers, long timeoutMillis,
                                   int receiveMaximum) throws Exception {
        NodeCredential bench = NodeCredential.generate();
        BrokerSettings settings = BrokerSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("mqtt.embedded-broker.port", url.substring(url.lastIndexOf(':') + 1))).get("mqtt.embedded-broker"));
        try (EmbeddedBroker broker = EmbeddedBroker.start(settings, home,
                new BrokerAccess(new NoTokens(), bench, Set.of(), false), new LongAdder())) {
            warmUp(round -> plainPhase(url, messages / 4, publishers, timeoutMillis, "warm" + round, bench,
                    receiveMaximum));
            return plainPhase(url, messages, publishers, timeoutMillis, "plain", bench, receiveMaximum);
        }
    }

    /** (b): the node's durable subscriber, fed by devices that each present a device token of their own. */
    private static Rate nodePhase(Map<String, String> config, String url, int messages, int publishers,
                                  long timeoutMillis) throws Exception {
        try (EdgeNode node = EdgeNode.start(ConfigLoader.load(null, Map.of(), config), Clock.systemUTC())) {
            waitUntil(() -> "CONNECTED".equals(node.status().status().mqtt().state()), 30_000, "node connected");
            warmUp(round -> nodeRound(node, url, messages / 4, publishers, timeoutMillis, "warm" + round)); // as (a)
            return nodeRound(node, url, messages, publishers, timeoutMillis, "bench");
        }
    }

    /** One round of (b): fresh devices, each with a device token, publish until the node has journaled all. */
    private static Rate nodeRound(EdgeNode node, String url, int messages, int publishers, long timeoutMillis,
                                  String tag) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<String> devices = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            devices.add(tag + "-" + run + "-" + p);
        }
        long before = appended(node);
        long start;
        long cpu;
        long jit;
        try (DeviceTokens tokens = DeviceTokens.issue("http://127.0.0.1:" + node.httpPort(), TOKEN, devices)) {
            start = System.nanoTime();
            cpu = processCpuNanos();
            jit = Jit.millis();
            publish(url, "holdfast/v1/devices/", devices, messages, timeoutMillis,
                    d -> new String[] {d, tokens.of(d)});
        }
        waitUntil(() -> appended(node) - before >= messages, timeoutMillis, "node journaled all");
        return Rate.since(start, cpu, jit, messages);
    }

    private static Rate plainPhase(String url, int messages, int publishers, long timeoutMillis, String tag,
                                   NodeCredential bench, int receiveMaximum) throws Exception {
        LongAdder arrived = new LongAdder();
        var subscriber = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(url, "bench-plain-" + tag,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        subscriber.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                arrived.increment(); // Paho acknowledges when this returns
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode,
                                          org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {
            }
        });
        var o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        o.setCleanStart(true);
        o.setReceiveMaximum(receiveMaximum);
        o.setUserName(bench.username());
        o.setPassword(bench.secret().getBytes(StandardCharsets.UTF_8));
        o.setSocketFactory(new holdfast.shared.net.NoDelaySocketFactory());
        subscriber.connect(o).waitForCompletion(10_000);
        subscriber.subscribe("bench/" + tag + "/+/observations", 1).waitForCompletion(10_000);
        String run = Long.toString(System.nanoTime(), 36);
        List<String> devices = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            devices.add("bench-" + run + "-" + p);
        }
        long start = System.nanoTime();
        long cpu = processCpuNanos();
        long jit = Jit.millis();
        publish(url, "bench/" + tag + "/", devices, messages, timeoutMillis,
                d -> new String[] {bench.username(), bench.secret()});
        waitUntil(() -> arrived.sum() >= messages, timeoutMillis, "plain subscriber received all");
        Rate rate = Rate.since(start, cpu, jit, messages);
        subscriber.disconnect().waitForCompletion(5_000);
        subscriber.close();
        return rate;
    }

    /**
     * Publishes {@code messages} QoS-1 readings spread over {@code devices}, each connecting with the username
     * and password {@code credentials} gives it; returns once PUBACKed.
     */
    private static void publish(String url, String prefix, List<String> devices, int messages, long timeoutMillis,
                                Function<String, String[]> credentials) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        int publishers = devices.size();
        for (int p = 0; p < publishers; p++) {
            String device = devices.get(p);
            String[] credential = credentials.apply(device);
            int count = messages / publishers + (p < messages % publishers ? 1 : 0);
            threads.add(Thread.ofPlatform().name("bench-publisher-" + p).start(() -> {
                try {
                    MqttAsyncClient c = new MqttAsyncClient(url, device, new MemoryPersistence());
                    MqttConnectOptions o = options(credential[0], credential[1]);
                    o.setMaxInflight(1_000);
                    c.connect(o).waitForCompletion(10_000);
                    List<IMqttDeliveryToken> window = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        MqttMessage m = new MqttMessage(reading(device, i));
                        m.setQos(1);
                        window.add(c.publish(prefix + device + "/observations", m));
                        if (window.size() == 500) {
                            for (IMqttDeliveryToken t : window) {
                                t.waitForCompletion(timeoutMillis);
                            }
                            window.clear();
                        }
                    }
                    for (IMqttDeliveryToken t : window) {
                        t.waitForCompletion(timeoutMillis);
                    }
                    c.disconnect().waitForCompletion(5_000);
                    c.close();
                } catch (MqttException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(timeoutMillis);
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static byte[] reading(String device, int i) {
        return ("{\"messageId\":\"" + device + "-" + i + "\",\"deviceId\":\"" + device + "\",\"bed\":\"ICU-3\","
                + "\"observedAt\":\"" + Instant.now() + "\",\"observations\":["
                + "{\"code\":\"8867-4\",\"system\":\"http://loinc.org\",\"value\":" + (60 + i % 40) + ",\"unit\":\"/min\"},"
                + "{\"code\":\"59408-5\",\"system\":\"http://loinc.org\",\"value\":97,\"unit\":\"%\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static MqttConnectOptions options(String username, String password) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setUserName(username);
        o.setPassword(password.toCharArray());
        o.setSocketFactory(new holdfast.shared.net.NoDelaySocketFactory());
        return o;
    }

    private static long appended(EdgeNode node) {
        return node.status().status().lanes().stream().mapToLong(LaneStatus::appended).sum();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long timeoutMillis, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting: " + what);
            }
            // A benchmark driver, not a test: a short poll keeps the timing honest. Not shorter: the node's status,
            // which (b) polls, costs CPU that the node under test would lose.
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The plain broker of phase (a) knows no API tokens: only the bench's own credential gets in. */
    private static final class NoTokens implements TokenStore {
        @Override
        public TokenIssued issue(String name, Role role, String deviceId, Principal by) {
            throw new UnsupportedOperationException("the bench broker issues no tokens");
        }

        @Override
        public boolean revoke(String tokenId, Principal by) {
            return false;
        }

        @Override
        public List<TokenSummary> list() {
            return List.of();
        }

        @Override
        public Optional<Principal> authenticate(String secret) {
            return Optional.empty();
        }
    }
}
