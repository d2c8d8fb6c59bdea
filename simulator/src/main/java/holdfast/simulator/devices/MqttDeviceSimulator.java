package holdfast.simulator.devices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.shared.api.DeviceReading;
import holdfast.shared.envelope.EnvelopeCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * N bedside monitors publishing vitals at QoS 1 to {@code holdfast/v1/devices/{id}/observations} (and, now and
 * then, {@code .../alarms}). Same seed, same readings. Each device reconnects by itself and buffers while
 * the broker is away. Run from the command line ({@code --url tcp://127.0.0.1:1883 --devices 8 --rate 5
 * --seed 42 --repeat 0.01 --duration 60 --node http://127.0.0.1:8080 --admin-token $T}) or from the demo through
 * {@link #start(SimulatorOptions)}. Given a node and an admin token, each device is provisioned with a device
 * token of its own ({@link DeviceTokens}), revoked again when the simulator closes.
 * Thread-safe: {@link #close()} may be called from any thread.
 */
public final class MqttDeviceSimulator implements AutoCloseable {

    private final SimulatorOptions options;
    private final ScheduledExecutorService scheduler;
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final ObjectMapper mapper = new EnvelopeCodec().mapper();
    private final LongAdder published = new LongAdder();
    private final LongAdder repeated = new LongAdder();
    private final LongAdder alarms = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final CountDownLatch finished = new CountDownLatch(1);
    private DeviceTokens tokens; // null: anonymous devices
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private MqttDeviceSimulator(SimulatorOptions options) {
        this.options = options;
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "device-simulator");
            t.setDaemon(true);
            return t;
        });
    }

    public static void main(String[] args) throws Exception {
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("MqttDeviceSimulator: " + e.getMessage());
            System.err.println("usage: --url tcp://127.0.0.1:1883 --devices 8 --rate 5 --seed 42 --repeat 0.01 "
                    + "--critical 0.02 --alarm 0.005 --duration 60 [--node http://127.0.0.1:8080 --admin-token T]");
            System.exit(2);
            return;
        }
        try (MqttDeviceSimulator simulator = start(options)) {
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "simulator-shutdown"));
            System.out.println("Simulating " + options.devices() + " devices at " + options.rate()
                    + " msg/s each against " + options.url() + " (seed " + options.seed() + ")");
            simulator.awaitFinished();
            System.out.println(simulator.summary());
        }
    }

    /** Connects the devices (in the background: the broker may not be up yet) and starts publishing. */
    public static MqttDeviceSimulator start(SimulatorOptions options) throws MqttException {
        MqttDeviceSimulator s = new MqttDeviceSimulator(options);
        if (!options.adminToken().isEmpty()) {
            List<String> ids = new ArrayList<>();
            for (int d = 0; d < options.devices(); d++) {
                ids.add(SimulatorOptions.deviceId(d));
            }
            s.tokens = DeviceTokens.issue(options.nodeUrl(), options.adminToken(), ids);
        }
        SplittableRandom seeds = new SplittableRandom(options.seed());
        long periodNanos = (long) (1_000_000_000L / options.rate());
        // Like a monitor's boot counter: ids of this run start above any earlier run's (milliseconds x 1000).
        long bootSequence = System.currentTimeMillis() * 1000;
        for (int d = 0; d < options.devices(); d++) {
            String deviceId = SimulatorOptions.deviceId(d);
            SplittableRandom random = seeds.split();
            VitalsGenerator vitals = new VitalsGenerator(deviceId, (d < 4 ? "ICU-" : "CCU-") + (d % 4 + 1),
                    random, options.critical(), bootSequence);
            MqttAsyncClient client = s.connect(deviceId);
            s.clients.add(client);
            long offset = (long) (random.nextDouble() * periodNanos); // devices are not in lock-step
            s.scheduler.scheduleAtFixedRate(() -> s.publishOne(client, deviceId, vitals, random),
                    offset, periodNanos, TimeUnit.NANOSECONDS);
        }
        if (!options.duration().isZero()) {
            s.scheduler.schedule(s::close, options.duration().toMillis(), TimeUnit.MILLISECONDS);
        }
        return s;
    }

    public void awaitFinished() throws InterruptedException {
        finished.await();
    }

    public long published() {
        return published.sum();
    }

    public String summary() {
        return "published=" + published.sum() + " repeated=" + repeated.sum() + " alarms=" + alarms.sum()
                + " failed=" + failed.sum();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        for (MqttAsyncClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnect(2_000).waitForCompletion(3_000);
                }
                c.close(true);
            } catch (MqttException e) {
                // the broker may be gone already; nothing to keep
            }
        }
        if (tokens != null) {
            tokens.close();
        }
        finished.countDown();
    }

    private MqttAsyncClient connect(String deviceId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(options.url(), "sim-" + deviceId, new MemoryPersistence());
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(100_000);
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxInflight(1_000);
        o.setSocketFactory(new holdfast.shared.net.NoDelaySocketFactory());
        if (tokens != null) {
            o.setUserName(deviceId);
            o.setPassword(tokens.of(deviceId).toCharArray());
        }
        try {
            client.connect(o);
        } catch (MqttException e) {
            // automatic reconnect only covers connections that once succeeded: keep trying in the background
            scheduler.schedule(() -> retryConnect(client, o), 1, TimeUnit.SECONDS);
        }
        return client;
    }

    private void retryConnect(MqttAsyncClient client, MqttConnectOptions o) {
        try {
            if (!client.isConnected()) {
                client.connect(o).waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            scheduler.schedule(() -> retryConnect(client, o), 1, TimeUnit.SECONDS);
        }
    }

    private void publishOne(MqttAsyncClient client, String deviceId, VitalsGenerator vitals, SplittableRandom random) {
        DeviceReading reading = vitals.next(Clock.systemUTC().instant());
        boolean alarm = random.nextDouble() < options.alarm();
        String topic = "holdfast/v1/devices/" + deviceId + (alarm ? "/alarms" : "/observations");
        try {
            byte[] payload = mapper.writeValueAsBytes(reading);
            send(client, topic, payload);
            published.increment();
            if (alarm) {
                alarms.increment();
            }
            if (random.nextDouble() < options.repeat()) {
                send(client, topic, payload); // same messageId: the node must journal it once
                repeated.increment();
            }
        } catch (MqttException | JsonProcessingException e) {
            failed.increment();
        }
    }

    private static void send(MqttAsyncClient client, String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(topic, m);
    }
}
