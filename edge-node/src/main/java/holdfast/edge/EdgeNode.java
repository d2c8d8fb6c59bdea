package holdfast.edge;

import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.Problems;
import holdfast.edge.api.StatusRoutes;
import holdfast.edge.api.TokenRoutes;
import holdfast.edge.deadletter.DeadLetterRoutes;
import holdfast.edge.deadletter.H2DeadLetters;
import holdfast.edge.idempotency.H2IdempotencyIndex;
import holdfast.edge.idempotency.InFlightKeys;
import holdfast.edge.ingest.DeviceReadingParser;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.ingest.http.HttpIngestSettings;
import holdfast.edge.ingest.http.ObservationRoutes;
import holdfast.edge.journal.ChronicleJournal;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalSettings;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.lanes.DiskGuard;
import holdfast.edge.lanes.DiskSettings;
import holdfast.edge.lanes.LaneRulesSettings;
import holdfast.edge.mode.ModeTracker;
import holdfast.edge.observe.IngestHealthCheck;
import holdfast.edge.observe.MetricsRoutes;
import holdfast.edge.observe.NodeMetrics;
import holdfast.edge.security.H2TokenStore;
import holdfast.edge.security.SecuritySettings;
import holdfast.edge.store.Database;
import holdfast.edge.sync.NoUpstream;
import holdfast.edge.sync.SyncProgress;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.UuidV7Generator;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
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
import java.util.Map;
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
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final WebServer server;
    private final StatusRoutes status;

    private EdgeNode(Config config, Clock clock) {
        this.settings = NodeSettings.from(config);
        JournalSettings journalSettings = JournalSettings.from(config.get("journal"));
        DiskSettings diskSettings = DiskSettings.from(config.get("disk"));
        LaneRulesSettings laneSettings = LaneRulesSettings.from(config.get("lanes"));
        HttpIngestSettings httpIngest = HttpIngestSettings.from(config.get("http"));
        SecuritySettings security = SecuritySettings.from(config.get("security"));

        Path dataDir = settings.dataDir();
        createDirectories(dataDir);
        toClose.push(lockDataDir(dataDir));
        EnvelopeCodec codec = new EnvelopeCodec();
        UuidV7Generator ids = new UuidV7Generator(clock);

        Database database = new Database(dataDir.resolve("db").resolve("holdfast"));
        toClose.push(database);
        InFlightKeys inFlight = new InFlightKeys();
        H2IdempotencyIndex index = new H2IdempotencyIndex(database, inFlight);
        Map<Lane, Journal> laneJournals = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            laneJournals.put(lane, new ChronicleJournal(lane, dataDir.resolve("journals").resolve(lane.wireName()),
                    journalSettings, codec, index));
        }
        LaneJournals journals = new LaneJournals(laneJournals);
        toClose.push(journals);
        index.recover(journals.all());
        index.start();
        // Closed before the journals: it drains what they already handed it.
        toClose.push(index);

        H2DeadLetters deadLetters = new H2DeadLetters(database);
        H2TokenStore tokens = new H2TokenStore(database, clock);
        tokens.ensureBootstrapAdmin(security.adminToken()).ifPresent(secret -> writeAdminToken(dataDir, secret));

        NodeMetrics metrics = new NodeMetrics();
        for (Journal journal : journals.all()) {
            String label = "lane=\"" + journal.lane().wireName() + "\"";
            metrics.gauge("holdfast_journal_appended", "Events in the lane journal (highest laneSeq)", label,
                    journal::lastSeq);
            metrics.gauge("holdfast_journal_pending", "Appends waiting for the lane writer", label,
                    journal::pendingAppends);
        }
        DiskGuard disk = new DiskGuard(diskSettings, DiskGuard.freeSpaceOf(dataDir));
        SyncProgress sync = new NoUpstream();
        ModeTracker mode = new ModeTracker(!settings.upstreamUrl().isBlank(), sync, disk, clock);
        IngestPipeline pipeline = new IngestPipeline(laneSettings.toRules(), journals, index, inFlight, disk,
                deadLetters, ids, clock, metrics);

        Json json = new Json(codec.mapper());
        Problems problems = new Problems(codec.mapper());
        Guard guard = new Guard(tokens, problems);
        this.status = new StatusRoutes(settings.nodeId(), journals, sync, mode, disk, deadLetters, () -> 0, clock);
        HttpRouting.Builder routing = HttpRouting.builder();
        new ObservationRoutes(pipeline, new DeviceReadingParser(), httpIngest, problems, ids, clock)
                .register(routing, guard, json);
        status.register(routing, guard, json);
        new TokenRoutes(tokens, problems).register(routing, guard, json);
        new MetricsRoutes(metrics).register(routing);
        new DeadLetterRoutes(deadLetters, problems).register(routing, guard, json);

        this.server = WebServer.builder()
                .host(settings.httpHost())
                .port(settings.httpPort())
                .shutdownHook(false)
                .maxPayloadSize(64L * 1024 * 1024)
                .addFeature(ObserveFeature.just(
                        HealthObserver.builder().details(true).useSystemServices(false)
                                .addCheck(new IngestHealthCheck(mode)).build()))
                .routing(routing)
                .build();
    }

    /** Builds and starts a node; on any failure everything already opened is closed again. */
    public static EdgeNode start(Config config, Clock clock) {
        EdgeNode node = null;
        try {
            node = new EdgeNode(config, clock);
            node.server.start();
            LOG.info("event=node.started nodeId={} httpPort={} dataDir={}", node.settings.nodeId(),
                    node.server.port(), node.settings.dataDir());
            return node;
        } catch (RuntimeException e) {
            if (node != null) {
                node.close();
            }
            throw e;
        }
    }

    public int httpPort() {
        return server.port();
    }

    public NodeSettings settings() {
        return settings;
    }

    public StatusRoutes status() {
        return status;
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
        while (!toClose.isEmpty()) {
            AutoCloseable c = toClose.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("event=node.close_failed component={} error={}", c.getClass().getSimpleName(), e.toString());
            }
        }
        LOG.info("event=node.stopped nodeId={}", settings.nodeId());
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
