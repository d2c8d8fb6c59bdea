package holdfast.edge;

import holdfast.edge.idempotency.MappedIdempotencyIndex;
import holdfast.edge.journal.ChronicleJournal;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalSettings;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.lanes.DiskGuard;
import holdfast.edge.lanes.DiskSettings;
import holdfast.edge.module.Module;
import holdfast.edge.module.Parts;
import holdfast.edge.observe.NodeMetrics;
import holdfast.edge.store.Database;
import holdfast.edge.store.OwnerOnly;
import holdfast.edge.trace.Tracing;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.Lane;
import io.helidon.config.Config;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * What every module is built on: the locked data directory, the database, the lane journals and the idempotency
 * index derived from them, the metrics and the tracer. Opening reads the lanes (the index recovers from them)
 * but starts no thread; {@link #start()} does. Opened first and closed last, in this order: the index's
 * last checkpoint covers what the journals already handed it, and the tracer flushes the spans of everything
 * closed before it. Reads {@code journal}, {@code idempotency}, {@code disk} and {@code observe}.
 */
final class NodeCore implements Module {

    private final Parts parts;
    final Database database;
    final MappedIdempotencyIndex index;
    final NodeMetrics metrics;
    final Tracing tracing;
    final LaneJournals journals;
    final DiskGuard disk;

    private NodeCore(Parts parts, Database database, MappedIdempotencyIndex index,
                     NodeMetrics metrics, Tracing tracing, LaneJournals journals, DiskGuard disk) {
        this.parts = parts;
        this.database = database;
        this.index = index;
        this.metrics = metrics;
        this.tracing = tracing;
        this.journals = journals;
        this.disk = disk;
    }

    static NodeCore open(Config config, NodeSettings settings, EnvelopeCodec codec, Clock clock) {
        JournalSettings journalSettings = JournalSettings.from(config.get("journal"));
        DiskSettings diskSettings = DiskSettings.from(config.get("disk"));
        Path dataDir = settings.dataDir();
        return Parts.build(parts -> {
            createDirectories(dataDir);
            OwnerOnly.restrict(dataDir); // journals, H2, tokens, broker state: no other user may read them
            parts.push(lockDataDir(dataDir));
            // Node state is journaled in dataDir/control before H2 commits it; H2 is rebuilt from there if damaged.
            Database database = parts.push(new Database(dataDir.resolve("db").resolve("holdfast"),
                    dataDir.resolve("control"), clock));
            NodeMetrics metrics = parts.push(new NodeMetrics());
            MappedIdempotencyIndex index = MappedIdempotencyIndex.open(dataDir.resolve("index"),
                    config.get("idempotency"), metrics.threadFailures());
            Tracing tracing = parts.push(Tracing.build(config.get("observe"), settings.nodeId()));
            Map<Lane, Journal> laneJournals = new EnumMap<>(Lane.class);
            for (Lane lane : Lane.values()) {
                laneJournals.put(lane, new ChronicleJournal(lane, dataDir.resolve("journals").resolve(lane.wireName()),
                        journalSettings, codec, index, metrics, metrics.threadFailures()));
            }
            LaneJournals journals = parts.push(new LaneJournals(laneJournals));
            index.recover(journals.all()); // reads the lanes: their writers have not started, nothing is appended
            parts.push(index); // closed before the journals: its last checkpoint covers what they already handed it
            // Clients closing connections mid-request: counted, logged once, never a stack trace per socket.
            parts.push(metrics.countConnectionNoise());
            for (Journal journal : journals.all()) {
                String label = "lane=\"" + journal.lane().wireName() + "\"";
                metrics.gauge("holdfast_journal_appended", "Events in the lane journal (highest laneSeq)", label,
                        journal::lastSeq);
                metrics.gauge("holdfast_journal_pending", "Appends waiting for the lane writer", label,
                        journal::pendingAppends);
            }
            DiskGuard disk = new DiskGuard(diskSettings, DiskGuard.freeSpaceOf(dataDir));
            return new NodeCore(parts, database, index, metrics, tracing, journals, disk);
        });
    }

    /**
     * Starts the tracer's exporter, the index's checkpoints and the lane writers, in that order: the writers hand
     * each durable append to the index (already recovered by {@link #open}). Called before anything appends.
     */
    @Override
    public void start() {
        tracing.start();
        index.start();
        journals.start();
    }

    @Override
    public void close() {
        parts.close();
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
            } catch (OverlappingFileLockException e) {
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
}
