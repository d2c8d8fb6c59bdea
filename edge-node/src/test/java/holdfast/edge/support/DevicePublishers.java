package holdfast.edge.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Simulated bedside devices for load tests: each publisher sends its messages at QoS 1 one by one and
 * records those the broker acknowledged (PUBACK). A message whose PUBACK did not come (broker or node gone)
 * is sent again, with the same messageId, until it does: "resend the unacknowledged ones", as a real device
 * does. Bounded in count and in time. Thread-safe.
 */
public final class DevicePublishers implements AutoCloseable {

    private final String url;
    private final ExecutorService threads;
    private final List<Future<?>> running = new ArrayList<>();
    private final Set<String> acknowledgedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger resends = new AtomicInteger();
    private final Instant deadline;

    private final Map<String, String> tokens;

    private DevicePublishers(String url, int publishers, Duration timeLimit, Map<String, String> tokens) {
        this.url = url;
        this.tokens = Map.copyOf(tokens);
        this.threads = Executors.newFixedThreadPool(publishers);
        this.deadline = Instant.now().plus(timeLimit);
    }

    /** The id of the {@code i}th publishing device. */
    public static String deviceId(int i) {
        return "pub-" + i;
    }

    /** Starts {@code publishers} devices {@code pub-0..} sending {@code perPublisher} messages each. */
    public static DevicePublishers start(String url, int publishers, int perPublisher, Duration timeLimit) {
        return start(url, publishers, perPublisher, timeLimit, Map.of());
    }

    /**
     * Like {@link #start(String, int, int, Duration)}, each device presenting its API token from {@code tokens}
     * (by device id) with username = its device id, as the embedded broker requires.
     */
    public static DevicePublishers start(String url, int publishers, int perPublisher, Duration timeLimit,
                                         Map<String, String> tokens) {
        DevicePublishers p = new DevicePublishers(url, publishers, timeLimit, tokens);
        for (int d = 0; d < publishers; d++) {
            String device = "pub-" + d;
            p.running.add(p.threads.submit(() -> {
                p.publishAll(device, perPublisher);
                return null;
            }));
        }
        return p;
    }

    /** The idempotency keys ({@code mqtt:device:messageId}) of every message the broker acknowledged. */
    public Set<String> acknowledged() {
        return Set.copyOf(acknowledgedKeys);
    }

    public int acknowledgedCount() {
        return acknowledgedKeys.size();
    }

    public int resends() {
        return resends.get();
    }

    /** Waits for every publisher to finish; rethrows the first failure. */
    public void awaitDone() throws Exception {
        for (Future<?> f : running) {
            f.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()) + 5_000, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    public static String key(String device, int i) {
        return "mqtt:" + device + ":" + device + "-" + i;
    }

    public static byte[] payload(String device, int i) {
        int hr = 60 + i % 40;
        return ("{\"messageId\":\"" + device + "-" + i + "\",\"deviceId\":\"" + device + "\","
                + "\"observedAt\":\"" + Readings.OBSERVED_AT + "\",\"observations\":[{\"code\":\"8867-4\","
                + "\"system\":\"http://loinc.org\",\"value\":" + hr + ",\"unit\":\"/min\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void publishAll(String device, int count) throws MqttException {
        MqttClient client = new MqttClient(url, "test-" + device, new MemoryPersistence());
        client.setTimeToWait(10_000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(10);
        options.setConnectionTimeout(2);
        options.setSocketFactory(new holdfast.shared.net.NoDelaySocketFactory());
        String token = tokens.get(device);
        if (token != null) {
            options.setUserName(device);
            options.setPassword(token.toCharArray());
        }
        String topic = "holdfast/v1/devices/" + device + "/observations";
        try {
            connect(client, options);
            for (int i = 0; i < count; i++) {
                MqttMessage message = new MqttMessage(payload(device, i));
                message.setQos(1);
                while (true) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException(device + " ran out of time at message " + i);
                    }
                    try {
                        client.publish(topic, message); // returns once PUBACKed
                        acknowledgedKeys.add(key(device, i));
                        break;
                    } catch (MqttException e) {
                        resends.incrementAndGet();
                        connect(client, options);
                    }
                }
            }
        } finally {
            try {
                if (client.isConnected()) {
                    client.disconnect(1_000);
                }
                client.close(true);
            } catch (MqttException e) {
                // the broker may be gone; nothing to keep
            }
        }
    }

    private void connect(MqttClient client, MqttConnectOptions options) {
        await().atMost(Duration.between(Instant.now(), deadline).plusSeconds(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (client.isConnected()) {
                        return true;
                    }
                    try {
                        client.connect(options);
                        return true;
                    } catch (MqttException e) {
                        return false;
                    }
                });
    }
}
