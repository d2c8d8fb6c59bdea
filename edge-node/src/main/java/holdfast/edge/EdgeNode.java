package holdfast.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.activity.ActivitySettings;
import holdfast.edge.activity.DeviceActivity;
import holdfast.edge.activity.DeviceRoutes;
import holdfast.edge.activity.DeviceState;
import holdfast.edge.alerts.AlertEngine;
import holdfast.edge.senders.SenderActivity;
import holdfast.edge.senders.SenderRoutes;
import holdfast.edge.senders.SenderSettings;
import holdfast.edge.projection.JournalPass;
import holdfast.edge.watch.Check;
import holdfast.edge.watch.NodeChecks;
import holdfast.edge.watch.NodeSample;
import holdfast.edge.watch.OperatorAlertRoutes;
import holdfast.edge.watch.OperatorAlerts;
import holdfast.edge.watch.OpsListener;
import holdfast.edge.watch.OpsSettings;
import holdfast.edge.watch.OpsWebhook;
import holdfast.edge.alerts.AlertListener;
import holdfast.edge.alerts.MqttAlertPublisher;
import holdfast.edge.alerts.AlertRoutes;
import holdfast.edge.alerts.AlertSettings;
import holdfast.edge.api.BreakGlassRoutes;
import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.OpenApiRoutes;
import holdfast.edge.api.Problems;
import holdfast.edge.status.StatusRoutes;
import holdfast.edge.api.StatusStream;
import holdfast.edge.deadletter.DeadLetterReprocessor;
import holdfast.edge.ingest.hl7.Hl7Reprocessor;
import holdfast.edge.ingest.http.HttpReprocessor;
import holdfast.edge.ingest.mqtt.MqttReprocessor;
import holdfast.edge.api.TokenRoutes;
import holdfast.edge.api.WhoAmIRoutes;
import holdfast.edge.backup.BackupRoutes;
import holdfast.edge.backup.BackupService;
import holdfast.edge.backup.BackupSettings;
import holdfast.edge.canary.Canary;
import holdfast.edge.canary.CanaryMark;
import holdfast.edge.canary.CanarySettings;
import holdfast.edge.broker.BrokerAccess;
import holdfast.edge.broker.BrokerSettings;
import holdfast.edge.broker.NodeCredential;
import holdfast.edge.broker.EmbeddedBroker;
import holdfast.edge.devices.DeviceRegistrySettings;
import holdfast.edge.devices.DeviceSubjects;
import holdfast.edge.devices.FileDeviceRegistry;
import holdfast.edge.ingest.mqtt.MqttIngest;
import holdfast.edge.ingest.mqtt.MqttSettings;
import holdfast.edge.observe.Hl7HealthCheck;
import holdfast.edge.observe.MllpMetrics;
import holdfast.edge.observe.MqttHealthCheck;
import holdfast.shared.api.Hl7Status;
import holdfast.edge.observe.MqttMetrics;
import holdfast.shared.api.MqttStatus;
import holdfast.edge.deadletter.DeadLetterRoutes;
import holdfast.edge.deadletter.H2DeadLetters;
import holdfast.edge.idempotency.IdempotencySettings;
import holdfast.edge.idempotency.MappedIdempotencyIndex;
import holdfast.edge.ingest.ChannelFailures;
import holdfast.edge.ingest.DeviceReadingParser;
import holdfast.edge.ingest.ReadingPolicy;
import holdfast.edge.observe.ChannelHealthCheck;
import holdfast.edge.observe.ConnectionNoise;
import holdfast.shared.api.Attention;
import holdfast.shared.api.ChannelStatus;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.census.CensusProjection;
import holdfast.edge.census.CensusRoutes;
import holdfast.edge.facts.FactSettings;
import holdfast.edge.facts.SameFactIndex;
import holdfast.edge.ingest.IngestHook;
import holdfast.edge.ingest.hl7.Hl7Ingest;
import holdfast.edge.ingest.hl7.MllpServer;
import holdfast.edge.ingest.hl7.MllpSettings;
import holdfast.edge.ingest.http.HttpIngestSettings;
import holdfast.edge.ingest.http.ObservationRoutes;
import holdfast.edge.journal.ChronicleJournal;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalSettings;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.lanes.DiskGuard;
import holdfast.edge.history.LaneHistory;
import holdfast.edge.history.LaneHistoryRoutes;
import holdfast.edge.history.LaneHistorySettings;
import holdfast.edge.lanes.DiskSettings;
import holdfast.edge.lanes.LaneRulesSettings;
import holdfast.edge.mode.ModeSettings;
import holdfast.edge.mode.ModeTracker;
import holdfast.edge.observe.IngestHealthCheck;
import holdfast.edge.observe.MetricsRoutes;
import holdfast.edge.observe.NodeMetrics;
import holdfast.edge.observe.StatusMetrics;
import holdfast.edge.trace.Tracing;
import holdfast.edge.trace.TracingSettings;
import holdfast.edge.security.H2TokenStore;
import holdfast.edge.security.SecuritySettings;
import holdfast.edge.store.Database;
import holdfast.edge.store.OwnerOnly;
import holdfast.edge.status.UpstreamRoutes;
import holdfast.edge.api.AuditRoutes;
import holdfast.edge.audit.AuditSettings;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.audit.H2AuditLog;
import holdfast.edge.audit.ReadAudit;
import holdfast.edge.security.BreakGlass;
import holdfast.edge.reconcile.H2Reconciliations;
import holdfast.edge.reconcile.JournalOriginals;
import holdfast.edge.reconcile.ReconciliationRoutes;
import holdfast.edge.reconcile.Reconciler;
import holdfast.edge.sync.ResendQueue;
import holdfast.edge.sync.SyncService;
import holdfast.edge.sync.SyncSettings;
import holdfast.edge.sync.fhir.FhirSettings;
import holdfast.edge.sync.fhir.FhirSink;
import holdfast.edge.sync.kafka.KafkaSettings;
import holdfast.edge.sync.kafka.KafkaSink;
import holdfast.edge.sync.kafka.KafkaVerdicts;
import holdfast.edge.tls.ServerTls;
import holdfast.edge.tls.TlsAcceptor;
import holdfast.edge.tls.TlsSettings;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.UuidV7Generator;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads each feature's settings once from the configuration, builds the features
 * with their collaborators, starts them in dependency order and stops them in reverse. Nothing else in the
 * node constructs a feature.
 */
public final class EdgeNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeNode.class);

    private final NodeSettings settings;
    private final Deque<AutoCloseable> toClose;
    private final WebServer server;
    private final StatusRoutes status;
    private final StatusStream statusStream; // GET /api/v1/status/stream
    private final MllpServer mllp; // HL7 v2 over MLLP; null when mllp.enabled is false
    private final boolean https; // http.tls.enabled
    private final Runnable canaryStart; // the canary sends once the node's doors are open

    /** @param toClose where each part is pushed as it opens, so a failed start can close what it opened */
    private EdgeNode(Config config, Clock clock, Deque<AutoCloseable> toClose) {
        this.toClose = toClose;
        this.settings = NodeSettings.from(config);
        JournalSettings journalSettings = JournalSettings.from(config.get("journal"));
        DiskSettings diskSettings = DiskSettings.from(config.get("disk"));
        LaneRulesSettings laneSettings = LaneRulesSettings.from(config.get("lanes"));
        HttpIngestSettings httpIngest = HttpIngestSettings.from(config.get("http"));
        SecuritySettings security = SecuritySettings.from(config.get("security"));
        // TLS: keystores are opened before anything else, so a bad one stops start-up at once.
        Optional<ServerTls> httpTls = loadTls(config.get("http.tls"), clock);
        Optional<ServerTls> mllpTls = loadTls(config.get("mllp.tls"), clock);
        this.https = httpTls.isPresent();

        Path dataDir = settings.dataDir();
        createDirectories(dataDir);
        OwnerOnly.restrict(dataDir); // journals, H2, tokens, broker state: no other user may read them
        toClose.push(lockDataDir(dataDir));
        EnvelopeCodec codec = new EnvelopeCodec();
        UuidV7Generator ids = new UuidV7Generator(clock);

        // Node state is journaled in dataDir/control before H2 commits it; H2 is rebuilt from there if damaged.
        Database database = new Database(dataDir.resolve("db").resolve("holdfast"), dataDir.resolve("control"), clock);
        toClose.push(database);
        MappedIdempotencyIndex index = new MappedIdempotencyIndex(dataDir.resolve("index"),
                IdempotencySettings.from(config.get("idempotency")).expectedKeys());
        NodeMetrics metrics = new NodeMetrics();
        toClose.push(metrics);
        Tracing tracing = Tracing.start(TracingSettings.from(config.get("observe")), settings.nodeId());
        toClose.push(tracing); // closed last: flushes the spans of everything closed before it
        Map<Lane, Journal> laneJournals = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            laneJournals.put(lane, new ChronicleJournal(lane, dataDir.resolve("journals").resolve(lane.wireName()),
                    journalSettings, codec, index, metrics));
        }
        LaneJournals journals = new LaneJournals(laneJournals);
        toClose.push(journals);
        index.recover(journals.all());
        index.start();
        // Closed before the journals: its last checkpoint covers what they already handed it.
        toClose.push(index);

        // The audit trail is shared by every feature whose actions a person takes (dead letters, reconciliations).
        H2AuditLog audit = new H2AuditLog(database, clock);
        H2DeadLetters deadLetters = new H2DeadLetters(database, audit, clock);
        H2TokenStore tokens = new H2TokenStore(database, audit, clock);
        BreakGlass breakGlass = new BreakGlass(database, audit, clock, security);
        tokens.ensureBootstrapAdmin(security.adminToken()).ifPresent(secret -> writeAdminToken(dataDir, secret));

        // Clients closing connections mid-request: counted, logged once, never a stack trace per socket.
        toClose.push(ConnectionNoise.install(metrics.counter("holdfast_http_connection_noise_total",
                "Connections the web server saw end mid-request (logged once, then only counted)", "")));
        for (Journal journal : journals.all()) {
            String label = "lane=\"" + journal.lane().wireName() + "\"";
            metrics.gauge("holdfast_journal_appended", "Events in the lane journal (highest laneSeq)", label,
                    journal::lastSeq);
            metrics.gauge("holdfast_journal_pending", "Appends waiting for the lane writer", label,
                    journal::pendingAppends);
        }
        DiskGuard disk = new DiskGuard(diskSettings, DiskGuard.freeSpaceOf(dataDir));
        // --- Store-and-forward to the cloud: audit trail, reconciliations, one sync worker per lane.
        // Pushed after the journals and the index, so it stops sending before they close. ---
        H2Reconciliations reconciliations = new H2Reconciliations(database, codec.mapper(), clock);
        ResendQueue resends = new ResendQueue(database, clock);
        SyncSettings syncSettings = SyncSettings.from(config);
        KafkaSink kafka = null; // kafka://: a Kafka cluster instead of the HTTP batch protocol
        if (KafkaSettings.handles(syncSettings.url())) {
            KafkaSettings kafkaSettings = KafkaSettings.from(config);
            kafka = new KafkaSink(kafkaSettings, syncSettings, settings.nodeId(), codec.mapper());
            toClose.push(kafka);
            KafkaVerdicts verdicts = KafkaVerdicts.start(kafkaSettings, settings.nodeId(), journals, index, database,
                    reconciliations, codec.mapper(), metrics.threadFailures());
            toClose.push(verdicts);
            metrics.gauge("holdfast_kafka_verdicts_opened", "Reconciliations opened from Kafka verdicts", "",
                    verdicts::opened);
            metrics.gauge("holdfast_kafka_verdicts_skipped", "Verdict records skipped (another node's, unreadable, "
                    + "unknown event)", "", verdicts::skipped);
        }
        holdfast.edge.sync.UpstreamFactory sink = kafka;
        if (FhirSettings.handles(syncSettings.url())) { // fhir+http(s)://: a FHIR R4 server, one transaction per batch
            sink = new FhirSink(FhirSettings.from(config), syncSettings, codec.mapper(),
                    new JournalOriginals(reconciliations, journals, codec), clock);
        }
        SyncService sync = SyncService.start(syncSettings, settings.nodeId(), journals, database,
                resends, reconciliations, audit, codec, clock, sink, metrics, tracing, metrics.threadFailures());
        toClose.push(sync);
        Reconciler reconciler = new Reconciler(settings.nodeId(), reconciliations, database, resends, journals, index,
                audit, ids, codec.mapper(), clock);
        for (Lane lane : Lane.values()) {
            metrics.gauge("holdfast_sync_synced", "Events of the lane the cloud has answered for (highest laneSeq)",
                    "lane=\"" + lane.wireName() + "\"", () -> sync.syncedSeq(lane));
        }
        metrics.gauge("holdfast_upstream_connected", "1 while the cloud answers", "", () -> sync.reachable() ? 1 : 0);
        metrics.gauge("holdfast_reconciliations_open", "Reconciliations waiting for a person", "",
                reconciliations::openCount);
        // --- end store-and-forward ---
        ModeTracker mode = new ModeTracker(!settings.upstreamUrl().isBlank(), sync, disk, clock,
                ModeSettings.from(config.get("mode")));
        // --- HL7: census and same-fact index, projections of the journals that take part in ingest. ---
        CensusProjection census = new CensusProjection(journals);
        SameFactIndex facts = new SameFactIndex(FactSettings.from(config.get("facts")));
        // --- end HL7 projections ---
        // --- Local alerts: evaluated at ingest on the node, journaled in the critical lane. ---
        AlertSettings alertSettings = AlertSettings.from(config.get("alerts"));
        // The node's own MQTT clients present this to the embedded broker; it lives in memory only.
        NodeCredential brokerCredential = NodeCredential.generate();
        MqttSettings mqttSettings = MqttSettings.from(config.get("mqtt")).withNodeCredential(brokerCredential);
        AlertListener alertListener = AlertListener.NONE;
        MqttAlertPublisher publisher = null;
        if (alertSettings.publishOnMqtt() && mqttSettings.enabled()) {
            publisher = new MqttAlertPublisher(mqttSettings, settings.nodeId(), codec.mapper(), metrics.threadFailures());
            toClose.push(publisher); // closed after the engine, which is pushed later
            metrics.gauge("holdfast_alerts_mqtt_published", "Alert changes published for ward displays", "",
                    publisher::published);
            metrics.gauge("holdfast_alerts_mqtt_pending", "Alert changes waiting for the MQTT broker", "",
                    publisher::pending);
            metrics.gauge("holdfast_alerts_mqtt_dropped", "Alert changes dropped from a full outbox", "",
                    publisher::dropped);
            alertListener = publisher;
        }
        AlertEngine alerts = new AlertEngine(alertSettings, database, audit, journals.of(Lane.CRITICAL), ids, clock,
                census, alertListener, metrics.histogram("holdfast_alerts_raise_seconds",
                        "From a reading being durable to its alert being durable", "", NodeMetrics.ALERT_BUCKETS),
                metrics.threadFailures());
        toClose.push(alerts);
        metrics.gauge("holdfast_alerts_raised", "Alerts raised since start", "", alerts.raiseLatency()::count);
        metrics.gauge("holdfast_alerts_failed", "Alert evaluations that failed since start (each logged)", "",
                alerts::failures);
        metrics.gauge("holdfast_alerts_raise_micros_total", "Sum of reading-durable-to-alert-durable times", "",
                alerts.raiseLatency()::totalMicros);
        metrics.gauge("holdfast_alerts_raise_micros_max", "Longest reading-durable-to-alert-durable time", "",
                alerts.raiseLatency()::maxMicros);
        metrics.gauge("holdfast_alerts_raised_late", "Alerts durable more than 100 ms after their reading was",
                "", alerts.raiseLatency()::late);
        FileDeviceRegistry registry = new FileDeviceRegistry(DeviceRegistrySettings.from(config.get("devices")), clock);
        DeviceActivity activity = new DeviceActivity(ActivitySettings.from(config.get("activity")), registry, clock);
        // Start-up reads each lane once and feeds every projection of it (the idempotency index keeps its own
        // mark); readings whose alerts a crash left unjudged are judged again.
        JournalPass.run(journals, List.of(census.replay(), facts.replay(), activity.replay(),
                alerts.catchUp(dataDir.resolve("alerts-evaluated.txt"), journals), reconciler.completeInterrupted()));
        for (DeviceState state : DeviceState.values()) {
            metrics.gauge("holdfast_devices", "Devices registered or seen, by state", "state=\"" + state.wireName()
                    + "\"", () -> activity.counts().get(state));
        }
        // The canary's hook comes first: a marked canary becomes kind canary, which no projection after it looks at.
        CanarySettings canarySettings = CanarySettings.from(config.get("canary"));
        Canary canary = canarySettings.enabled() ? new Canary(canarySettings, settings.nodeId(),
                CanaryMark.load(dataDir.resolve("canary.key")), sync, !settings.upstreamUrl().isBlank(), tokens, clock,
                metrics) : null;
        IngestPipeline pipeline = new IngestPipeline(laneSettings.toRules(), journals, index, disk,
                deadLetters, ids, clock, metrics, IngestHook.chain(List.of(canary == null ? IngestHook.NONE
                        : canary.hook(), census, facts, alerts, activity)), tracing);
        // Device readings (MQTT, HTTP): one parser with the content policy; failures no rule accounts for.
        DeviceReadingParser readingParser = new DeviceReadingParser(ReadingPolicy.from(config.get("readings")), clock);
        ChannelFailures channelFailures = new ChannelFailures(clock);
        for (String channel : List.of("mqtt", "http")) {
            metrics.gauge("holdfast_ingest_handler_failures", "Unexpected channel handler failures (contained, dead-lettered)",
                    "channel=\"" + channel + "\"", () -> channelFailures.total(channel));
        }

        // --- Bedside devices over MQTT: device registry, embedded broker, subscriber. ---
        DeviceSubjects subjects = new DeviceSubjects(registry, unmappedDeviceCounter(metrics));
        Supplier<MqttStatus> mqttStatus = startMqtt(config, mqttSettings, dataDir, pipeline, readingParser, subjects, ids,
                clock, metrics, channelFailures, new BrokerDoors(tokens, brokerCredential));
        // --- end MQTT ---

        Json json = new Json(codec.mapper());
        Problems problems = new Problems(codec.mapper());
        Guard guard = new Guard(tokens, breakGlass, new ReadAudit(audit, clock, AuditSettings.from(config.get("audit"))),
                problems);
        SenderActivity senders = new SenderActivity(SenderSettings.from(config.get("senders")), clock); // HL7 senders
        OperatorAlerts opsAlerts = operatorAlerts(config, settings, database, audit, journals, ids, clock, dataDir, toClose,
                () -> sample(activity, senders), publisher, codec.mapper(), metrics, new Watched(certificates(httpTls,
                        MllpSettings.from(config.get("mllp")).enabled() ? mllpTls : Optional.empty()),
                        () -> sync.cloudClock().last().map(r -> r.skew())));
        this.status = new StatusRoutes(settings.nodeId(), journals, sync, mode, disk, deadLetters, reconciliations::openCount, clock,
                mqttStatus, breakGlass::activeAll, this::hl7Status, () -> channelFailures.states().stream()
                        .map(c -> new ChannelStatus(c.channel(), c.failing() ? "FAILING" : "OK", c.failures(),
                                c.lastFailureAt(), c.lastError())).toList(),
                () -> {
                    Map<DeviceState, Integer> devices = activity.counts();
                    return new Attention(alerts.openCount(), alerts.escalatedCount(), opsAlerts.openCount(),
                            devices.get(DeviceState.SILENT), devices.get(DeviceState.LATE), senders.silent().size());
                }, canary == null ? () -> null : canary::status);
        HttpRouting.Builder routing = HttpRouting.builder();
        new ObservationRoutes(pipeline, readingParser, httpIngest, problems, ids, clock, subjects, channelFailures,
                metrics.counter("holdfast_http_connection_errors_total",
                        "Device posts whose caller went away before the body was read", "")).register(routing, guard, json);
        status.register(routing, guard, json);
        this.statusStream = new StatusStream(status::status, tokens, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(5), 32);
        statusStream.register(routing, guard, json, problems);
        new TokenRoutes(tokens, problems).register(routing, guard, json);
        new BreakGlassRoutes(breakGlass, problems).register(routing, guard, json);
        new AuditRoutes(audit, problems, clock).register(routing, guard, json);
        new WhoAmIRoutes().register(routing, guard, json);
        new AlertRoutes(alerts, problems).register(routing, guard, json);
        new DeviceRoutes(activity, problems, clock).register(routing, guard, json);
        new SenderRoutes(senders, problems, clock).register(routing, guard, json, metrics);
        new OperatorAlertRoutes(opsAlerts, problems).register(routing, guard, json);
        new MetricsRoutes(metrics).register(routing);
        new OpenApiRoutes().register(routing);
        StatusMetrics.register(metrics, status::status, () -> dataDir.toFile().getTotalSpace(), opsAlerts.conditions(),
                opsAlerts::openConditions);
        // dead letters can be reprocessed through the channel they came from
        DeadLetterReprocessor reprocessor = new DeadLetterReprocessor(deadLetters, Map.of(
                "http", new HttpReprocessor(pipeline, readingParser, subjects),
                "mqtt", new MqttReprocessor(pipeline, readingParser, subjects),
                "hl7", new Hl7Reprocessor(new Hl7Ingest(pipeline, MllpSettings.from(config.get("mllp")), ids, clock))));
        new DeadLetterRoutes(deadLetters, problems, reprocessor).register(routing, guard, json);
        new ReconciliationRoutes(reconciliations, reconciler, problems).register(routing, guard, json);
        LaneHistorySettings historySettings = LaneHistorySettings.from(config.get("lanes"));
        LaneHistory laneHistory = new LaneHistory(dataDir.resolve("lane-history.txt"), clock,
                () -> status.status().lanes(), historySettings.keep(), metrics.threadFailures());
        toClose.push(laneHistory);
        laneHistory.start(historySettings.sampleEvery());
        new LaneHistoryRoutes(laneHistory, problems, clock, historySettings).register(routing, guard, json);
        new UpstreamRoutes(sync, problems).register(routing, guard, json);
        // --- Backup: the node takes its own online snapshot (database, then journals). ---
        new BackupRoutes(new BackupService(BackupSettings.from(config.get("backup")), settings.nodeId(), dataDir,
                database, journals, audit, codec.mapper(), clock), problems).register(routing, guard, json);
        // --- HL7 v2 over MLLP: census API and the listener; closed before the journals. ---
        new CensusRoutes(census, audit, problems, clock).register(routing, guard, json);
        MllpSettings mllpSettings = MllpSettings.from(config.get("mllp"));
        Optional<TlsAcceptor> mllpHandshakes = mllpSettings.enabled() ? mllpTls.map(tls -> new TlsAcceptor(tls, "mllp",
                metrics.counter("holdfast_tls_handshake_failures_total", "TLS handshakes that failed or timed out",
                        "listener=\"mllp\""), metrics.threadFailures())) : Optional.empty();
        mllpHandshakes.ifPresent(toClose::push); // closed after the listener (pushed before it)
        this.mllp = mllpSettings.enabled()
                ? new MllpServer(mllpSettings, new Hl7Ingest(pipeline, mllpSettings, ids, clock, senders), mllpHandshakes)
                : null;
        if (mllp != null) {
            toClose.push(mllp);
            mllp.start();
            MllpMetrics.register(metrics, mllp);
        }
        // --- end HL7 ---
        opsAlerts.start();
        // Proven only from inside: a TLS listener or a site's own broker is left to its real senders.
        String canaryMqtt = mqttSettings.enabled() && mqttSettings.embeddedBroker() ? mqttSettings.url() : null;
        boolean canaryHl7 = mllp != null && mllpTls.isEmpty();
        this.canaryStart = canary == null ? () -> { } : () -> {
            canary.start(https ? null : this::httpPort, canaryMqtt, canaryHl7 ? this::mllpPort : null);
            toClose.push(canary); // stops sending before anything it sends through closes
        };

        WebServerConfig.Builder web = WebServer.builder();
        httpTls.ifPresent(tls -> web.tls(tls.helidonTls())); // HTTPS, health and metrics included
        this.server = web
                .host(settings.httpHost())
                .port(settings.httpPort())
                .shutdownHook(false)
                // Without TCP_NODELAY a split response waits for the client's delayed ACK (~40 ms a request).
                .connectionOptions(o -> o.tcpNoDelay(true))
                .maxPayloadSize(64L * 1024 * 1024)
                .addFeature(ObserveFeature.just(
                        HealthObserver.builder().details(true).useSystemServices(false)
                                .addCheck(new IngestHealthCheck(mode))
                                .addCheck(new MqttHealthCheck(mqttStatus))
                                .addCheck(new Hl7HealthCheck(() -> Optional.ofNullable(hl7Status())
                                        .orElse(new Hl7Status("DISABLED", 0, 0, 0, 0, 0, 0, null))))
                                .addCheck(new ChannelHealthCheck(channelFailures)).build()))
                .routing(routing)
                .build();
    }

    /** Builds and starts a node; on any failure everything already opened is closed again. */
    public static EdgeNode start(Config config, Clock clock) {
        EdgeNode node = null;
        Deque<AutoCloseable> opened = new ArrayDeque<>();
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
                closeAll(opened); // the constructor failed half-way: its writer threads must not keep the JVM up
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
        return mllp == null ? null : mllp.status();
    }

    /** The bound MLLP port, or -1 when the listener is disabled. */
    public int mllpPort() {
        return mllp == null ? -1 : mllp.port();
    }

    /** The status stream, e.g. to see how many consoles watch this node. */
    public StatusStream statusStream() {
        return statusStream;
    }

    public NodeSettings settings() {
        return settings;
    }

    public StatusRoutes status() {
        return status;
    }

    @Override
    public void close() {
        statusStream.close(); // open status streams end, so the server can stop
        if (server.isRunning()) {
            server.stop();
        }
        closeAll(toClose);
        LOG.info("event=node.stopped nodeId={}", settings.nodeId());
    }

    /** Closes in reverse order of opening; one part failing to close does not keep the others open. */
    private static void closeAll(Deque<AutoCloseable> opened) {
        while (!opened.isEmpty()) {
            AutoCloseable c = opened.pop();
            try {
                c.close();
            } catch (Exception | Error e) {
                LOG.warn("event=node.close_failed component={} error={}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** A listener's TLS when its {@code *.tls.enabled} is true, checked now; empty means plain TCP. */
    private static Optional<ServerTls> loadTls(Config section, Clock clock) {
        TlsSettings tls = TlsSettings.from(section);
        return tls.enabled() ? Optional.of(ServerTls.load(tls, clock)) : Optional.empty();
    }

    /**
     * Starts the embedded broker (when its port is not 0) and the subscriber (when a broker URL is known).
     * Neither may stop the node: a broker that is down or fails to start degrades device ingest only, the
     * subscriber retries in the background and the HTTP API stays up. Both are closed before the journals.
     */
    private Supplier<MqttStatus> startMqtt(Config config, MqttSettings mqttSettings, Path dataDir,
                                           IngestPipeline pipeline, DeviceReadingParser parser,
                                           DeviceSubjects subjects, UuidV7Generator ids, Clock clock,
                                           NodeMetrics metrics, ChannelFailures failures, BrokerDoors doors) {
        BrokerSettings brokerSettings = BrokerSettings.from(config.get("mqtt").get("embedded-broker"));
        if (brokerSettings.enabled()) {
            String nodeId = settings.nodeId();
            BrokerAccess access = new BrokerAccess(doors.tokens(), doors.node(), Set.copyOf(List.of(mqttSettings.clientIdFor(nodeId),
                    "holdfast-" + nodeId, MqttAlertPublisher.clientIdFor(nodeId))), brokerSettings.allowAnonymous());
            try {
                toClose.push(EmbeddedBroker.start(brokerSettings, dataDir.resolve("broker"), access,
                        metrics.counter("holdfast_broker_connections_refused_total",
                                "MQTT connections the embedded broker turned away (token, username or client id)", "")));
            } catch (HoldfastException e) {
                LOG.error("event=broker.start_failed port={} error=\"{}\"", brokerSettings.port(), e.getMessage());
            }
        }
        if (!mqttSettings.enabled()) {
            MqttStatus disabled = new MqttStatus("DISABLED", null, null, null, null);
            return () -> disabled;
        }
        MqttIngest ingest = new MqttIngest(mqttSettings, settings.nodeId(), pipeline, parser,
                subjects, ids, clock, new MqttMetrics(metrics), failures);
        metrics.gauge("holdfast_mqtt_connected", "1 while the MQTT subscriber is connected to its broker", "",
                () -> "CONNECTED".equals(ingest.status().state()) ? 1 : 0);
        toClose.push(ingest);
        ingest.start();
        return ingest::status;
    }

    /** What the operator alert checks look at: the status (built after them, asked only once they run). */
    private NodeSample sample(DeviceActivity activity, SenderActivity senders) {
        return new NodeSample(status.status(), activity.summaries().stream()
                .filter(d -> DeviceState.SILENT.wireName().equals(d.state())).map(d -> d.deviceId()).toList(),
                senders.silent());
    }

    /** The node's watch on itself: checks, the store, ward displays over MQTT (retained) and an optional webhook. */
    private static OperatorAlerts operatorAlerts(Config config, NodeSettings settings, Database database, AuditLog audit,
                                                 LaneJournals journals, UuidV7Generator ids, Clock clock, Path dataDir,
                                                 Deque<AutoCloseable> toClose, Supplier<NodeSample> sample,
                                                 MqttAlertPublisher publisher, ObjectMapper mapper, NodeMetrics metrics,
                                                 Watched watched) {
        OpsSettings ops = OpsSettings.from(config.get("ops"));
        List<OpsListener> listeners = new java.util.ArrayList<>();
        if (publisher != null) {
            String topic = "holdfast/v1/ops/" + settings.nodeId().replaceAll("[/+#\\u0000]", "_");
            listeners.add((changed, open) -> {
                try {
                    publisher.publishRetained(topic, mapper.writeValueAsBytes(Map.of("nodeId", settings.nodeId(),
                            "at", clock.instant().toString(), "open", open)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("cannot encode the operator alert state", e);
                }
            });
        }
        if (!ops.webhookUrl().isBlank()) {
            OpsWebhook webhook = new OpsWebhook(ops.webhookUrl(), ops.webhookRetries(), settings.nodeId(), mapper,
                    metrics.threadFailures());
            webhook.start();
            toClose.push(webhook);
            listeners.add(webhook);
            metrics.gauge("holdfast_ops_webhook_delivered", "Operator alert changes the webhook accepted", "",
                    webhook::delivered);
            metrics.gauge("holdfast_ops_webhook_failed", "Operator alert changes the webhook never accepted", "",
                    webhook::failed);
        }
        List<Check> checks = new ArrayList<>(NodeChecks.all(ops, () -> dataDir.toFile().getTotalSpace(),
                audit::verify, watched.certificates(), watched.cloudSkew()));
        database.recovery().ifPresent(r -> checks.add(NodeChecks.stateRebuilt(r.at(), r.cause(), r.replayed())));
        OperatorAlerts alerts = new OperatorAlerts(ops, checks, sample, database, audit,
                journals.of(Lane.CRITICAL), ids, settings.nodeId(), clock, listeners, metrics.threadFailures());
        toClose.push(alerts); // closed before the publisher and the webhook it tells
        metrics.gauge("holdfast_operator_alerts_open", "Operator alerts open (the node's own conditions)", "",
                alerts::openCount);
        metrics.gauge("holdfast_operator_alerts_failures", "Operator alert checks that failed (each logged)", "",
                alerts::failures);
        return alerts;
    }

    /** What only the composition root knows for the checks: certificates' expiry, the cloud's clock. */
    private record Watched(Map<String, java.time.Instant> certificates,
                           Supplier<Optional<java.time.Duration>> cloudSkew) {
    }

    private static Map<String, java.time.Instant> certificates(Optional<ServerTls> http, Optional<ServerTls> mllp) {
        Map<String, java.time.Instant> expiry = new java.util.TreeMap<>();
        http.ifPresent(t -> expiry.put(t.settings().section(), t.notAfter()));
        mllp.ifPresent(t -> expiry.put(t.settings().section(), t.notAfter()));
        return expiry;
    }

    /** What the embedded broker checks clients against: API tokens, and the node's own credential. */
    private record BrokerDoors(H2TokenStore tokens, NodeCredential node) {
    }

    private static java.util.function.Consumer<String> unmappedDeviceCounter(NodeMetrics metrics) {
        String name = "holdfast_devices_unmapped_total";
        String help = "Readings from devices the registry does not map to a bed (journaled all the same)";
        LongAdder mqtt = metrics.counter(name, help, "channel=\"mqtt\"");
        LongAdder http = metrics.counter(name, help, "channel=\"http\"");
        return channel -> ("mqtt".equals(channel) ? mqtt : http).increment();
    }

    private static void createDirectories(Path dataDir) {
        try {
            Files.createDirectories(dataDir.resolve("journals"));
            Files.createDirectories(dataDir.resolve("db"));
        } catch (IOException e) {
            throw new HoldfastException("cannot create data dir " + dataDir, e);
        }
    }

    /** One node per data dir: a second one would corrupt the journals. The OS drops the lock on kill -9. */
    private static AutoCloseable lockDataDir(Path dataDir) {
        try {
            FileChannel channel = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this very JVM (another node instance in-process)
            }
            if (lock == null) {
                channel.close();
                throw new HoldfastException("data dir " + dataDir + " is in use by another Holdfast node");
            }
            FileLock held = lock;
            return () -> {
                held.release();
                channel.close();
            };
        } catch (IOException e) {
            throw new HoldfastException("cannot lock data dir " + dataDir, e);
        }
    }

    private static void writeAdminToken(Path dataDir, String secret) {
        Path file = dataDir.resolve("admin-token");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n");
            LOG.info("event=security.bootstrap_token_written file={}", file);
        } catch (IOException e) {
            throw new HoldfastException("cannot write the bootstrap admin token to " + file, e);
        }
    }
}
