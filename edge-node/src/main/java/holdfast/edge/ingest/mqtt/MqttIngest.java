package holdfast.edge.ingest.mqtt;

import holdfast.edge.devices.DeviceSubjects;
import holdfast.edge.ingest.ChannelFailures;
import holdfast.edge.ingest.DeviceReadingParser;
import holdfast.edge.threads.Backoff;
import holdfast.edge.threads.ThreadFailures;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.ingest.mqtt.MqttReadings.Result;
import holdfast.edge.ingest.mqtt.MqttReadings.Verdict;
import holdfast.shared.api.MqttStatus;
import holdfast.shared.envelope.UuidV7Generator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's MQTT subscriber (Paho, MQTT 5): a persistent session ({@code cleanStart=false}, a session that
 * never expires, fixed client id) on both device topics at QoS 1 with manual acknowledgements. A message is
 * acknowledged only when {@link MqttReadings} says it is durable. The subscriber announces a receive maximum
 * ({@code receive-maximum}) well above a broker's usual window, so that one journal fsync covers many messages.
 * When a lane refuses one, the subscriber stops acknowledging, disconnects, waits {@code backpressure-pause-ms}
 * and reconnects: the broker redelivers unacknowledged messages only on a new connection of the same session,
 * so this is how they come back (nothing is dropped and nothing is acknowledged early). Connection losses and failed connects are retried in the background
 * with exponential backoff and full jitter; the node starts and serves HTTP whether or not a broker is up.
 *
 * <p>Thread-safety: Paho calls {@link #messageArrived} on its callback thread, which only parses and hands the
 * reading to its lane. Once the journal says durable, what follows the append (the key's claim answered, the
 * ingest hooks, the metrics) and then the acknowledgement run on one of the subscriber's acknowledging threads
 * ({@code ack-threads}, chosen by device), never on a lane's writer thread, which every append of the lane waits for; connects and disconnects happen only on the one connector thread. Each connection
 * has an epoch: an acknowledgement is sent only on the connection its message arrived on, because packet ids
 * are reused by the next connection and a stale PUBACK would acknowledge a different message.
 */
final class MqttIngest implements MqttCallback, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);
    private static final String[] TOPICS = {DeviceTopic.OBSERVATIONS, DeviceTopic.ALARMS};
    private static final int[] QOS = {1, 1};
    private static final String CONNECTOR = "mqtt-connector";
    private static final String ACKS = "mqtt-ack";
    /** MQTT 5's "the session does not expire". */
    private static final long SESSION_NEVER_EXPIRES = 0xFFFF_FFFFL;

    private final MqttSettings settings;
    private final String clientId;
    private final MqttReadings readings;
    private final MqttListener listener;
    private final Runnable subscribed;
    private final ChannelFailures failures;
    private final ThreadFailures threads;
    private final Clock clock;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final Backoff backoff;
    private final ScheduledExecutorService connector;
    /** Acknowledging threads: each device's messages always on the same one (see {@link #acksFor}). */
    private final ExecutorService[] acks;
    private final AtomicBoolean connectPending = new AtomicBoolean();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final Object ackLock = new Object();
    private long epoch; // guarded by ackLock
    private volatile LinkState state = LinkState.CONNECTING;
    private volatile Instant connectedSince;
    private volatile String lastError;
    private volatile Instant sessionLostAt;
    private volatile boolean closed;
    /** Connected at least once since start: from then on the broker holds a session for the node. */
    private boolean everConnected; // connector thread only

    /**
     * @param failures   where contained handler failures are recorded (health, status)
     * @param subscribed run after each connect once the subscription is in place (the broker delivers from then on)
     */
    public MqttIngest(MqttSettings settings, String nodeId, IngestPipeline pipeline, DeviceReadingParser parser,
                      DeviceSubjects subjects, UuidV7Generator ids, Clock clock, MqttListener listener,
                      ChannelFailures failures, ThreadFailures threads, Runnable subscribed) {
        this.subscribed = subscribed;
        this.failures = failures;
        this.threads = threads;
        this.settings = settings;
        this.clientId = settings.clientIdFor(nodeId);
        this.readings = new MqttReadings(pipeline, parser, subjects, settings.maxPayloadBytes(), ids, clock, failures);
        this.listener = listener;
        this.clock = clock;
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(), ThreadLocalRandom.current());
        this.options = options(settings);
        try {
            this.client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new holdfast.edge.HoldfastException("cannot create the MQTT client for " + settings.url(), e);
        }
        // Both must be in place before the first connect: a persistent session delivers at once.
        client.setManualAcks(true);
        client.setCallback(this);
        this.connector = Executors.newSingleThreadScheduledExecutor(threads.factory(CONNECTOR));
        this.acks = new ExecutorService[settings.ackThreads()];
        for (int i = 0; i < acks.length; i++) {
            acks[i] = Executors.newSingleThreadExecutor(threads.platform(ACKS).name(ACKS + "-" + i).factory());
        }
    }

    /** Starts connecting in the background; returns at once (the broker may be down). */
    public void start() {
        scheduleConnect(Duration.ZERO);
    }

    /** Whether the link is up now (a gauge asks several times a second). */
    public boolean connected() {
        return state == LinkState.CONNECTED;
    }

    /** When a broker last came back without the node's session, if it ever did since start. */
    public Optional<Instant> sessionLostAt() {
        return Optional.ofNullable(sessionLostAt);
    }

    public MqttStatus status() {
        return new MqttStatus(state.name(), settings.url(), clientId, connectedSince, lastError);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        int id = message.getId();
        int qos = message.getQos();
        long arrivedOn = currentEpoch();
        if (paused.get()) {
            listener.held(); // the broker keeps it; it comes back after the pause's reconnect
            return;
        }
        ExecutorService ack = acksFor(topic);
        try {
            readings.handle(topic, message.getPayload(), ack).whenCompleteAsync((result, failure) -> {
                try {
                    if (failure == null && result.verdict() == Verdict.ACK) {
                        acknowledge(id, qos, arrivedOn, result);
                    } else {
                        hold(failure != null ? failure.toString() : result.reason());
                    }
                } catch (RuntimeException e) {
                    // Nobody reads this future: without the report a failed acknowledgement would vanish. The
                    // message stays unacknowledged, so the broker redelivers it after the pause.
                    threads.failed(ACKS, e);
                    hold("the acknowledgement failed (" + e.getClass().getSimpleName() + ")");
                }
            }, ack);
        } catch (RuntimeException e) {
            // Top of Paho's callback thread: even the dead letter could not be stored, so nothing is durable.
            // Keep the message with the broker rather than lose it; a throw here would only make Paho drop the
            // connection. Counted, so a store that stays broken shows in health.
            failures.failed("mqtt", e.getClass().getSimpleName());
            LOG.error("event=mqtt.handle_failed packetId={} error={}", id, e.getClass().getName());
            hold("the message could not be stored (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        Throwable cause = response.getException();
        if (cause == null) {
            cause = new IllegalStateException("the broker disconnected (reason code " + response.getReturnCode()
                    + (response.getReasonString() == null ? "" : ": " + response.getReasonString()) + ")");
        }
        connectionLost(cause);
    }

    private void connectionLost(Throwable cause) {
        nextEpoch();
        connectedSince = null;
        lastError = "connection lost: " + describe(cause);
        state = LinkState.RECONNECTING;
        LOG.warn("event=mqtt.connection_lost url={} error=\"{}\"", settings.url(), describe(cause));
        if (!closed) {
            listener.reconnectScheduled();
            scheduleConnect(backoff.next());
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.debug("event=mqtt.error error=\"{}\"", describe(exception));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // the node never publishes on this client
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        // state is kept by connect(), which waits for the CONNACK itself
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }

    @Override
    public void close() {
        closed = true;
        nextEpoch();
        connector.shutdownNow();
        for (ExecutorService ack : acks) {
            ack.shutdown();
        }
        try {
            connector.awaitTermination(5, TimeUnit.SECONDS);
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            LOG.debug("event=mqtt.disconnect_failed error=\"{}\"", describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (ExecutorService ack : acks) {
                ack.shutdownNow();
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("event=mqtt.close_failed error=\"{}\"", describe(e));
            }
            state = LinkState.STOPPED;
        }
    }

    /**
     * The acknowledging thread for a message on {@code topic}: chosen by device, so one device's readings are
     * finished (claim answered, hooks, metrics) and acknowledged in the order their appends completed, while
     * different devices share the work.
     */
    private ExecutorService acksFor(String topic) {
        return acks[Math.floorMod(DeviceTopic.deviceHash(topic), acks.length)];
    }

    private void acknowledge(int id, int qos, long arrivedOn, Result result) {
        synchronized (ackLock) {
            if (arrivedOn != epoch || qos == 0) {
                // Arrived on an earlier connection: the broker redelivers it; the key makes that a duplicate.
                return;
            }
            try {
                client.messageArrivedComplete(id, qos);
            } catch (MqttException e) {
                LOG.debug("event=mqtt.ack_failed packetId={} error=\"{}\"", id, describe(e));
                return;
            }
        }
        listener.acknowledged(result.outcome());
    }

    private void hold(String reason) {
        listener.held();
        if (!paused.compareAndSet(false, true)) {
            return;
        }
        listener.pausedForBackpressure();
        state = LinkState.PAUSED;
        lastError = "back-pressure: " + reason;
        LOG.warn("event=mqtt.paused reason=\"{}\" pauseMs={}", reason, settings.backpressurePause().toMillis());
        try {
            connector.execute(() -> {
                nextEpoch();
                disconnectQuietly();
                scheduleConnect(settings.backpressurePause());
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("event=mqtt.pause_skipped reason=closing");
        }
    }

    private void scheduleConnect(Duration delay) {
        if (closed || !connectPending.compareAndSet(false, true)) {
            return;
        }
        try {
            connector.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            connectPending.set(false); // closing
        }
    }

    private void connect() {
        connectPending.set(false);
        if (closed || client.isConnected()) {
            return;
        }
        nextEpoch();
        // Unpaused before CONNECT: a persistent session delivers held messages right after CONNACK.
        paused.set(false);
        if (state != LinkState.PAUSED) {
            state = connectedSince == null && lastError == null ? LinkState.CONNECTING : LinkState.RECONNECTING;
        }
        try {
            IMqttToken connected = client.connect(options);
            connected.waitForCompletion(settings.connectTimeout().toMillis() + 1_000);
            client.subscribe(TOPICS, QOS).waitForCompletion(settings.connectTimeout().toMillis() + 1_000);
            boolean hadSession = everConnected;
            everConnected = true;
            backoff.reset();
            if (hadSession && !connected.getSessionPresent()) {
                // The broker forgot the session it kept for the node (restarted without its store, or expired
                // it): what devices published while the node was away was queued for nobody.
                sessionLostAt = clock.instant();
                listener.sessionLost();
                LOG.warn("event=mqtt.session_lost url={} clientId={} cause=\"the broker kept no session for the node; "
                        + "readings published while it was disconnected may not be delivered\"", settings.url(), clientId);
            }
            connectedSince = clock.instant();
            state = LinkState.CONNECTED;
            subscribed.run();
            LOG.info("event=mqtt.connected url={} clientId={} sessionPresent={}", settings.url(), clientId,
                    connected.getSessionPresent());
        } catch (MqttException e) {
            lastError = "connect failed: " + describe(e);
            retryLater(describe(e));
        } catch (RuntimeException e) {
            // A surprise from the client must not end the loop: a scheduled task that throws is never run again.
            threads.failed(CONNECTOR, e);
            lastError = "connect failed: " + e.getClass().getSimpleName();
            retryLater(e.getClass().getSimpleName());
        }
    }

    private void retryLater(String why) {
        state = LinkState.RECONNECTING;
        disconnectQuietly();
        Duration delay = backoff.next();
        LOG.warn("event=mqtt.connect_failed url={} error=\"{}\" retryInMs={}", settings.url(), why, delay.toMillis());
        listener.reconnectScheduled();
        scheduleConnect(delay);
    }

    private void disconnectQuietly() {
        MqttException failed = PahoReset.disconnectQuietly(client);
        if (failed != null) {
            LOG.debug("event=mqtt.disconnect_failed error=\"{}\"", describe(failed));
        }
    }

    private long currentEpoch() {
        synchronized (ackLock) {
            return epoch;
        }
    }

    private void nextEpoch() {
        synchronized (ackLock) {
            epoch++;
        }
    }

    private static MqttConnectionOptions options(MqttSettings settings) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        // What a 3.1.1 clean-session=false session was: kept by the broker until the node comes back, however long.
        o.setSessionExpiryInterval(SESSION_NEVER_EXPIRES);
        o.setReceiveMaximum(settings.receiveMaximum());
        o.setAutomaticReconnect(false); // our own loop: jitter, back-pressure pauses, visible state
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout((int) settings.connectTimeout().toSeconds());
        if (!settings.username().isEmpty()) {
            o.setUserName(settings.username());
            o.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        if (settings.url().startsWith("tcp://")) {
            o.setSocketFactory(new holdfast.shared.net.NoDelaySocketFactory());
        }
        return o;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return root == t ? m : m + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
