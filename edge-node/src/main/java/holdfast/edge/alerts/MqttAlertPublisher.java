package holdfast.edge.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.threads.Backoff;
import holdfast.edge.ingest.mqtt.MqttSettings;
import holdfast.edge.ingest.mqtt.PahoReset;
import holdfast.edge.threads.ThreadFailures;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes alert changes for ward displays on {@code holdfast/v1/alerts/{ward}} (QoS 1, not retained;
 * {@code unassigned} when the alert has no ward) of the broker the node subscribes to. The payload names the
 * bed, device, rule, value, level and status but no patient: a ward display needs the bed, and the broker is
 * shared with every device. Alerts are already stored and journaled when they get here, so this is a
 * notification: changes wait in a bounded outbox while the broker is away and are published, in order, when it
 * returns; past the bound the oldest are dropped and counted. All work runs on one thread of its own.
 */
public final class MqttAlertPublisher implements AlertListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttAlertPublisher.class);
    private static final String THREAD = "alerts-mqtt";
    private static final int OUTBOX_LIMIT = 1_000;

    private final MqttSettings settings;
    private final ObjectMapper mapper;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final ScheduledExecutorService worker;
    private final ArrayDeque<Pending> outbox = new ArrayDeque<>();
    private final LongAdder published = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;
    private boolean connectScheduled;
    private final Backoff backoff;
    private final ThreadFailures failures;

    private record Pending(String topic, byte[] payload, long alertId, boolean retained) {
    }

    public MqttAlertPublisher(MqttSettings settings, String nodeId, ObjectMapper mapper, ThreadFailures failures) {
        this.failures = failures;
        this.settings = settings;
        this.mapper = mapper;
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(), RandomGenerator.getDefault());
        try {
            this.client = new MqttAsyncClient(settings.url(), clientIdFor(nodeId), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create the alerts MQTT client for " + settings.url(), e);
        }
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // reconnects are ours, with backoff, on the worker thread
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout((int) settings.connectTimeout().toSeconds());
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().toCharArray());
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                LOG.warn("event=alerts.mqtt_lost error=\"{}\"", cause == null ? "" : cause.getMessage());
                submit(() -> scheduleConnect(settings.reconnectMin()));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // publish-only client: nothing is subscribed
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // completion is awaited where the message is published
            }
        });
        this.worker = Executors.newSingleThreadScheduledExecutor(failures.factory(THREAD));
    }

    /** Connects to the broker (and keeps reconnecting); changes published before this wait in the outbox. */
    public void start() {
        submit(() -> scheduleConnect(Duration.ZERO));
    }

    /** The publisher's client id, reserved for the node on the embedded broker. */
    public static String clientIdFor(String nodeId) {
        return nodeId + "-alerts";
    }

    /** The topic a ward's displays subscribe to; MQTT wildcards and separators in a ward id are replaced. */
    public static String topic(String ward) {
        String w = ward == null || ward.isBlank() ? "unassigned" : ward.replaceAll("[/+#\\u0000]", "_");
        return "holdfast/v1/alerts/" + w;
    }

    @Override
    public void changed(Alert alert) {
        byte[] payload;
        try {
            payload = mapper.writeValueAsBytes(payload(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode alert " + alert.id(), e);
        }
        Pending p = new Pending(topic(alert.ward()), payload, alert.id(), false);
        submit(() -> {
            if (outbox.size() >= OUTBOX_LIMIT) {
                Pending oldest = outbox.removeFirst(); // the newest state of a ward matters most
                dropped.increment();
                LOG.warn("event=alerts.mqtt_dropped alertId={} reason=outbox_full", oldest.alertId());
            }
            outbox.addLast(p);
            pending.set(outbox.size());
            drain();
        });
    }

    /**
     * Publishes {@code payload} retained on {@code topic} (a display that connects later sees it at once): a
     * current state, so a newer one waiting for the broker replaces an older one instead of queueing behind it.
     */
    public void publishRetained(String topic, byte[] payload) {
        submit(() -> {
            outbox.removeIf(p -> p.retained() && p.topic().equals(topic));
            outbox.addLast(new Pending(topic, payload, 0, true));
            pending.set(outbox.size());
            drain();
        });
    }

    public long published() {
        return published.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    /** Alert changes waiting for the broker. */
    public int pending() {
        return pending.get();
    }

    public boolean connected() {
        return client.isConnected();
    }

    private static Map<String, Object> payload(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", a.id());
        m.put("ward", a.ward());
        m.put("bed", a.bed());
        m.put("deviceId", a.deviceId());
        m.put("rule", a.rule());
        m.put("code", a.code());
        m.put("value", a.value());
        m.put("unit", a.unit());
        if (a.valueText() != null) {
            m.put("valueText", a.valueText());
        }
        m.put("level", a.level());
        m.put("status", a.status().wireName());
        m.put("occurrences", a.occurrences());
        m.put("raisedAt", a.raisedAt().toString());
        m.put("acknowledgedBy", a.acknowledgedBy());
        m.put("acknowledgedAt", a.acknowledgedAt() == null ? null : a.acknowledgedAt().toString());
        return m;
    }

    private void drain() {
        while (!outbox.isEmpty() && client.isConnected()) {
            Pending p = outbox.peekFirst();
            try {
                client.publish(p.topic(), p.payload(), 1, p.retained()).waitForCompletion(5_000);
                outbox.removeFirst();
                pending.set(outbox.size());
                published.increment();
                LOG.info("event=alerts.mqtt_published alertId={} topic={}", p.alertId(), p.topic());
            } catch (MqttException e) {
                LOG.warn("event=alerts.mqtt_publish_failed alertId={} error=\"{}\" pending={}", p.alertId(),
                        e.getMessage(), outbox.size());
                disconnectQuietly();
                scheduleConnect(backoff.next());
                return;
            }
        }
    }

    private void scheduleConnect(Duration delay) {
        if (closed || connectScheduled) {
            return;
        }
        connectScheduled = true;
        try {
            worker.schedule(failures.guarded(THREAD, this::connect), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            connectScheduled = false; // closing
        }
    }

    private void connect() {
        connectScheduled = false;
        if (closed || client.isConnected()) {
            drain();
            return;
        }
        try {
            client.connect(options).waitForCompletion(settings.connectTimeout().toMillis() + 1_000);
            backoff.reset();
            LOG.info("event=alerts.mqtt_connected url={} pending={}", settings.url(), outbox.size());
            drain();
        } catch (MqttException e) {
            disconnectQuietly();
            Duration delay = backoff.next();
            LOG.debug("event=alerts.mqtt_connect_failed url={} error=\"{}\" retryInMs={}", settings.url(),
                    e.getMessage(), delay.toMillis());
            scheduleConnect(delay);
        }
    }

    private void disconnectQuietly() {
        MqttException failed = PahoReset.disconnectQuietly(client);
        if (failed != null) {
            LOG.debug("event=alerts.mqtt_disconnect_failed error=\"{}\"", failed.getMessage());
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(failures.guarded(THREAD, task));
        } catch (RejectedExecutionException e) {
            LOG.debug("event=alerts.mqtt_skipped reason=closing");
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnectQuietly();
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("event=alerts.mqtt_close_failed error=\"{}\"", e.getMessage());
        }
        if (!outbox.isEmpty()) {
            LOG.warn("event=alerts.mqtt_unpublished count={} reason=node_stopping", outbox.size());
        }
    }
}
