package holdfast.edge.ingest.mqtt;

import holdfast.edge.HoldfastException;
import holdfast.edge.broker.BrokerAccess;
import holdfast.edge.broker.BrokerSettings;
import holdfast.edge.broker.EmbeddedBroker;
import holdfast.edge.broker.NodeCredential;
import holdfast.edge.deadletter.ReprocessChannel;
import holdfast.edge.devices.DeviceSubjects;
import holdfast.edge.ingest.ChannelFailures;
import holdfast.edge.ingest.DeviceReadingParser;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.module.Counters;
import holdfast.edge.module.Gauges;
import holdfast.edge.module.Module;
import holdfast.edge.module.Parts;
import holdfast.edge.threads.ThreadFailures;
import holdfast.edge.security.TokenStore;
import holdfast.shared.api.MqttStatus;
import holdfast.shared.envelope.UuidV7Generator;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bedside devices over MQTT: the embedded broker (when {@code mqtt.embedded-broker} is enabled) and the
 * subscriber (when {@code mqtt.enabled}). Neither may stop the node: a broker that fails to start degrades
 * device ingest only, the subscriber retries in the background and the HTTP API stays up. Both begin in
 * {@link #start()} and are closed before the journals.
 */
public final class MqttModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(MqttModule.class);
    private static final MqttStatus DISABLED = new MqttStatus("DISABLED", null, null, null, null);

    private final Parts subscriber = new Parts();
    private final Parts broker = new Parts(); // closed after the subscriber, which may be connected to it
    private final MqttSettings settings;
    private final BrokerSettings brokerSettings;
    private final Path brokerHome;
    private final BrokerAccess access;
    private final Counters counters;
    private final MqttIngest ingest; // null when mqtt.enabled is false
    private final MqttReprocessor reprocessor;

    private MqttModule(MqttSettings settings, BrokerSettings brokerSettings, Path brokerHome, BrokerAccess access,
                       Counters counters, MqttIngest ingest, MqttReprocessor reprocessor) {
        this.settings = settings;
        this.brokerSettings = brokerSettings;
        this.brokerHome = brokerHome;
        this.access = access;
        this.counters = counters;
        this.ingest = ingest;
        this.reprocessor = reprocessor;
    }

    /**
     * @param settings    {@code mqtt}, with the node's own broker credential
     * @param nodeClients client ids only the node's own clients may use on the embedded broker
     * @param meters      the subscriber's meters, registered only when there is a subscriber
     */
    public static MqttModule build(Config config, MqttSettings settings, String nodeId, Path dataDir,
                                   IngestPipeline pipeline, DeviceReadingParser parser, DeviceSubjects subjects,
                                   UuidV7Generator ids, Clock clock, Supplier<? extends MqttListener> meters,
                                   ChannelFailures failures, TokenStore tokens, NodeCredential credential,
                                   Set<String> nodeClients, Gauges gauges, Counters counters,
                                   ThreadFailures threads) {
        BrokerSettings brokerSettings = BrokerSettings.from(config.get("mqtt").get("embedded-broker"));
        Set<String> reserved = new HashSet<>(nodeClients);
        reserved.add(settings.clientIdFor(nodeId));
        // Devices on the embedded broker wait until the node's own subscriber there has resumed its session.
        boolean nodeSubscribesHere = settings.enabled() && settings.embeddedBroker();
        BrokerAccess access = new BrokerAccess(tokens, credential, Set.copyOf(reserved),
                brokerSettings.allowAnonymous(), nodeSubscribesHere);
        MqttIngest ingest = null;
        if (settings.enabled()) {
            ingest = new MqttIngest(settings, nodeId, pipeline, parser, subjects, ids, clock, meters.get(), failures,
                    threads, nodeSubscribesHere ? access::admitDevices : () -> { });
            MqttIngest subscriber = ingest;
            gauges.gauge("holdfast_mqtt_connected", "1 while the MQTT subscriber is connected to its broker", "",
                    () -> subscriber.connected() ? 1 : 0);
        }
        MqttModule module = new MqttModule(settings, brokerSettings, dataDir.resolve("broker"), access, counters,
                ingest, new MqttReprocessor(pipeline, parser, subjects));
        if (ingest != null) {
            module.subscriber.push(ingest);
        }
        return module;
    }

    /** Starts the embedded broker, then the subscriber; a broker that fails to start is logged, not thrown. */
    @Override
    public void start() {
        if (brokerSettings.enabled()) {
            try {
                broker.push(EmbeddedBroker.start(brokerSettings, brokerHome, access,
                        counters.counter("holdfast_broker_connections_refused_total",
                                "MQTT connections the embedded broker turned away (token, username or client id)", "")));
            } catch (HoldfastException e) {
                LOG.error("event=broker.start_failed port={} error=\"{}\"", brokerSettings.port(), e.getMessage());
            }
        }
        if (ingest != null) {
            ingest.start();
        }
    }

    /** The subscriber's state for status and health. */
    public MqttStatus status() {
        return ingest == null ? DISABLED : ingest.status();
    }

    /** When the broker last came back without the node's session (empty: never since start, or no MQTT). */
    public Optional<Instant> sessionLostAt() {
        return ingest == null ? Optional.empty() : ingest.sessionLostAt();
    }

    /** Dead letters from MQTT, parsed and ingested again. */
    public ReprocessChannel reprocessing() {
        return reprocessor;
    }

    public MqttSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        subscriber.close();
        broker.close();
    }
}
