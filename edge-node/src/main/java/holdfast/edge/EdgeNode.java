package holdfast.edge;

import holdfast.edge.activity.ActivityModule;
import holdfast.edge.alerts.AlertsModule;
import holdfast.edge.alerts.MqttAlertPublisher;
import holdfast.edge.api.ApiModule;
import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.api.StatusStream;
import holdfast.edge.audit.H2AuditLog;
import holdfast.edge.backup.BackupModule;
import holdfast.edge.broker.NodeCredential;
import holdfast.edge.canary.CanaryModule;
import holdfast.edge.census.CensusModule;
import holdfast.edge.deadletter.DeadLetterModule;
import holdfast.edge.deadletter.H2DeadLetters;
import holdfast.edge.devices.DeviceSubjects;
import holdfast.edge.facts.SameFactIndex;
import holdfast.edge.history.HistoryModule;
import holdfast.edge.ingest.ChannelFailures;
import holdfast.edge.ingest.DeviceReadingParser;
import holdfast.edge.ingest.IngestModule;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.ingest.hl7.Hl7Module;
import holdfast.edge.ingest.http.HttpIngestModule;
import holdfast.edge.ingest.mqtt.MqttModule;
import holdfast.edge.ingest.mqtt.MqttSettings;
import holdfast.edge.mode.ModeTracker;
import holdfast.edge.module.Parts;
import holdfast.edge.observe.HealthChecks;
import holdfast.edge.observe.NodeMetrics;
import holdfast.edge.projection.JournalPass;
import holdfast.edge.reconcile.H2Reconciliations;
import holdfast.edge.reconcile.JournalOriginals;
import holdfast.edge.reconcile.ReconcileModule;
import holdfast.edge.security.H2TokenStore;
import holdfast.edge.security.SecurityModule;
import holdfast.edge.senders.SendersModule;
import holdfast.edge.status.StatusRoutes;
import holdfast.edge.status.UpstreamRoutes;
import holdfast.edge.sync.SyncModule;
import holdfast.edge.sync.SyncService;
import holdfast.edge.tls.ServerTls;
import holdfast.edge.tls.TlsSettings;
import holdfast.edge.watch.WatchModule;
import holdfast.shared.api.Attention;
import holdfast.shared.api.Hl7Status;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.UuidV7Generator;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the ordered wiring of the node's modules. Each module reads its own settings, builds its
 * parts, registers its metrics and routes; this class hands each the few ports it needs, starts them in
 * dependency order and closes them in reverse (senders before the journals they write to). Nothing else in the
 * node constructs a feature. The order is drawn in docs/architecture.md (Modules).
 */
public final class EdgeNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeNode.class);

    private final NodeSettings settings;
    private final Parts parts;
    private final WebServer server;
    private final StatusRoutes status;
    private final ApiModule api;
    private final Hl7Module hl7; // HL7 v2 over MLLP
    private final boolean https; // http.tls.enabled
    private final Runnable canaryStart; // the canary sends once the node's doors are open
    private final List<Mount> routes; // what the web server serves, besides health

    /** @param parts where each module is pushed as it opens, so a failed start can close what it opened */
    private EdgeNode(Config config, Clock clock, Parts parts) {
        this.parts = parts;
        this.settings = NodeSettings.from(config);
        String nodeId = settings.nodeId();
        // TLS: keystores are opened before anything else, so a bad one stops start-up at once.
        Optional<ServerTls> httpTls = loadTls(config.get("http.tls"), clock);
        Optional<ServerTls> mllpTls = loadTls(config.get("mllp.tls"), clock);
        this.https = httpTls.isPresent();
        Path dataDir = settings.dataDir();
        EnvelopeCodec codec = new EnvelopeCodec();
        UuidV7Generator ids = new UuidV7Generator(clock);

        NodeCore core = parts.push(NodeCore.open(config, settings, codec, clock));
        core.start(); // the lane writers take appends from here on: the start-up passes below journal alerts
        NodeMetrics metrics = core.metrics;
        // The audit trail is shared by every feature whose actions a person takes (dead letters, reconciliations).
        H2AuditLog audit = new H2AuditLog(core.database, clock);
        H2DeadLetters deadLetters = new H2DeadLetters(core.database, audit, clock);
        SecurityModule security = SecurityModule.build(config, dataDir, core.database, audit, clock);
        H2TokenStore tokens = security.tokens();
        // Built idle (started after the start-up passes); stops sending before the journals and the index close.
        H2Reconciliations reconciliations = ReconcileModule.store(core.database, codec.mapper(), clock);
        SyncModule syncModule = parts.push(SyncModule.build(config, nodeId, core.journals, core.index, core.database,
                reconciliations, new JournalOriginals(reconciliations, core.journals, codec), audit, codec, clock,
                metrics, core.tracing, metrics.threadFailures(), metrics::gauge));
        SyncService sync = syncModule.sync();
        ModeTracker mode = ModeTracker.build(config.get("mode"), !settings.upstreamUrl().isBlank(), sync, core.disk,
                clock);
        this.api = ApiModule.build(config, tokens, security.breakGlass(), audit, codec.mapper(), clock,
                () -> status().status()); // closed by close() before the web server stops
        RouteKit web = api.web();
        ReconcileModule reconcile = ReconcileModule.build(nodeId, reconciliations, core.database,
                syncModule.resends(), core.journals, core.index, audit, ids, codec.mapper(), clock, metrics::gauge, web);
        // HL7's census and the same-fact index: projections of the journals that take part in ingest.
        CensusModule census = CensusModule.build(core.journals, audit, clock, web);
        SameFactIndex facts = SameFactIndex.from(config.get("facts"));
        // The node's own MQTT clients present this to the embedded broker; it lives in memory only.
        NodeCredential brokerCredential = NodeCredential.generate();
        MqttSettings mqttSettings = MqttSettings.from(config.get("mqtt")).withNodeCredential(brokerCredential);
        AlertsModule alerts = parts.push(AlertsModule.build(config, mqttSettings, nodeId, core.database, audit,
                core.journals.of(Lane.CRITICAL), ids, clock, census.census(), codec.mapper(), metrics, web));
        ActivityModule devices = ActivityModule.build(config, clock, metrics::gauge, web);
        // Start-up reads each lane once and feeds every projection of it (the idempotency index keeps its own
        // mark); readings whose alerts a crash left unjudged are judged again.
        JournalPass.run(core.journals, List.of(census.replay(), facts.replay(), devices.replay(),
                alerts.catchUp(dataDir, core.journals), reconcile.completeInterrupted()));
        syncModule.start(); // sends only now: what the passes above journaled goes in the first batches
        CanaryModule canary = CanaryModule.build(config, nodeId, dataDir, sync, !settings.upstreamUrl().isBlank(),
                tokens, clock, metrics);
        IngestModule ingest = IngestModule.build(config, core.journals, core.index, core.disk, deadLetters, ids, clock,
                metrics, List.of(canary.hook(), census.hook(), facts,
                        alerts.hook(), devices.hook()), core.tracing, metrics::gauge);
        IngestPipeline pipeline = ingest.pipeline();
        DeviceReadingParser readingParser = ingest.readings();
        ChannelFailures channelFailures = ingest.failures();

        DeviceSubjects subjects = new DeviceSubjects(devices.registry(), unmappedDeviceCounter(metrics));
        HttpIngestModule http = HttpIngestModule.build(config, pipeline, readingParser, subjects, ids, clock,
                channelFailures, metrics::counter, web);
        MqttModule mqtt = parts.push(MqttModule.build(config, mqttSettings, nodeId, dataDir, pipeline, readingParser,
                subjects, ids, clock, metrics::mqtt, channelFailures, tokens, brokerCredential,
                Set.of("holdfast-" + nodeId, MqttAlertPublisher.clientIdFor(nodeId)), metrics::gauge, metrics::counter,
                metrics.threadFailures()));
        mqtt.start();
        alerts.start(); // escalation after the catch-up pass; the ward-display publisher once the broker listens

        SendersModule senders = SendersModule.build(config, clock, metrics, web); // HL7 senders
        boolean mllpEnabled = Hl7Module.listens(config);
        WatchModule watch = parts.push(WatchModule.build(config, nodeId, dataDir, core.database, audit,
                core.journals.of(Lane.CRITICAL), ids, clock, alerts.publisher(), codec.mapper(), metrics,
                new WatchModule.Watched(this::statusNow, devices::silentDevices, senders::silent,
                        certificates(httpTls, mllpEnabled ? mllpTls : Optional.empty()), syncModule::cloudSkew,
                        mqtt::sessionLostAt),
                web));
        this.status = new StatusRoutes(nodeId, core.journals, sync, mode, core.disk, deadLetters,
                reconcile::openCount, clock, mqtt::status, security.breakGlass()::activeAll, this::hl7Status,
                ingest::channels,
                () -> {
                    ActivityModule.Quiet quiet = devices.quiet();
                    return new Attention(alerts.openCount(), alerts.escalatedCount(), watch.openCount(),
                            quiet.silent(), quiet.late(), senders.silent().size());
                }, canary::status);
        List<Mount> routes = new ArrayList<>(api.routes()); // each feature under its own prefix
        routes.addAll(List.of(http.routes(), status.mount(web.guard(), web.json()), alerts.routes(),
                devices.routes(), senders.routes(), watch.routes(), metrics.routes()));
        metrics.watch(status::status, () -> dataDir.toFile().getTotalSpace(),
                watch.conditions(), watch::openConditions);
        HistoryModule history = parts.push(HistoryModule.build(config, dataDir, clock, () -> status.status().lanes(),
                metrics.threadFailures(), web));
        history.start();
        routes.addAll(List.of(reconcile.routes(), history.routes()));
        routes.addAll(new UpstreamRoutes(sync, web.problems()).mounts(web.guard(), web.json()));
        routes.addAll(List.of(BackupModule.build(config, nodeId, dataDir, core.database, core.journals, audit,
                codec.mapper(), clock, web).routes(), census.routes()));
        // HL7 v2 over MLLP: listens from here on; closed before the journals.
        this.hl7 = parts.push(Hl7Module.build(config, mllpTls, pipeline, ids, clock, senders.listener(),
                metrics::counter, metrics.threadFailures()));
        hl7.start();
        // Dead letters can be reprocessed through the channel they came from.
        routes.add(DeadLetterModule.build(deadLetters, Map.of("http", http.reprocessing(),
                "mqtt", mqtt.reprocessing(), "hl7", hl7.reprocessing()), web).routes());
        hl7.listener().ifPresent(metrics::watch);
        watch.start();
        // Proven only from inside: a TLS listener or a site's own broker is left to its real senders.
        String canaryMqtt = mqttSettings.enabled() && mqttSettings.embeddedBroker() ? mqttSettings.url() : null;
        boolean canaryHl7 = hl7.listener().isPresent() && !hl7.tls();
        this.canaryStart = () -> {
            canary.start(https ? null : this::httpPort, canaryMqtt, canaryHl7 ? this::mllpPort : null);
            parts.push(canary); // stops sending before anything it sends through closes
        };

        this.routes = List.copyOf(routes);
        this.server = NodeServer.build(settings, httpTls, this.routes, HealthChecks.of(mode, mqtt::status,
                () -> Optional.ofNullable(hl7Status()).orElse(new Hl7Status("DISABLED", 0, 0, 0, 0, 0, 0, null)),
                channelFailures));
    }

    /** Builds and starts a node; on any failure everything already opened is closed again. */
    public static EdgeNode start(Config config, Clock clock) {
        EdgeNode node = null;
        Parts opened = new Parts();
        try {
            node = new EdgeNode(config, clock, opened);
            node.server.start();
            node.canaryStart.run();
            LOG.info("event=node.started nodeId={} httpPort={} dataDir={}", node.settings.nodeId(),
                    node.server.port(), node.settings.dataDir());
            return node;
        } catch (RuntimeException | Error e) {
            if (node != null) {
                node.close();
            } else {
                opened.close(); // the constructor failed half-way: its writer threads must not keep the JVM up
            }
            throw e;
        }
    }

    public int httpPort() {
        return server.port();
    }

    /** {@code https} when the API is served over TLS, else {@code http}. */
    public String httpScheme() {
        return https ? "https" : "http";
    }

    /** The HL7 listener's state for status and health; null when there is no listener (or not yet). */
    private Hl7Status hl7Status() {
        return hl7 == null ? null : hl7.status();
    }

    /** The bound MLLP port, or -1 when the listener is disabled. */
    public int mllpPort() {
        return hl7 == null ? -1 : hl7.port();
    }

    /** The status stream, e.g. to see how many consoles watch this node. */
    public StatusStream statusStream() {
        return api.statusStream();
    }

    /** Every operation the node's routes serve, as {@code METHOD /path}, sorted; health is Helidon's own. */
    public List<String> operations() {
        return routes.stream().flatMap(m -> m.operations().stream()).sorted().toList();
    }

    public NodeSettings settings() {
        return settings;
    }

    public StatusRoutes status() {
        return status;
    }

    @Override
    public void close() {
        api.close(); // open status streams end, so the server can stop
        if (server.isRunning()) {
            server.stop();
        }
        parts.close();
        LOG.info("event=node.stopped nodeId={}", settings.nodeId());
    }

    /** A listener's TLS when its {@code *.tls.enabled} is true, checked now; empty means plain TCP. */
    private static Optional<ServerTls> loadTls(Config section, Clock clock) {
        TlsSettings tls = TlsSettings.from(section);
        return tls.enabled() ? Optional.of(ServerTls.load(tls, clock)) : Optional.empty();
    }


    /** The status, for the operator alert checks built before it (asked only once they run). */
    private NodeStatus statusNow() {
        return status.status();
    }

    private static Map<String, Instant> certificates(Optional<ServerTls> http, Optional<ServerTls> mllp) {
        Map<String, Instant> expiry = new TreeMap<>();
        http.ifPresent(t -> expiry.put(t.settings().section(), t.notAfter()));
        mllp.ifPresent(t -> expiry.put(t.settings().section(), t.notAfter()));
        return expiry;
    }

    private static Consumer<String> unmappedDeviceCounter(NodeMetrics metrics) {
        String name = "holdfast_devices_unmapped_total";
        String help = "Readings from devices the registry does not map to a bed (journaled all the same)";
        LongAdder mqtt = metrics.counter(name, help, "channel=\"mqtt\"");
        LongAdder http = metrics.counter(name, help, "channel=\"http\"");
        return channel -> ("mqtt".equals(channel) ? mqtt : http).increment();
    }
}
