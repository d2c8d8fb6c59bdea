package holdfast.edge.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.HoldfastException;
import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.journal.CycleHold;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.journal.SparseCopy;
import holdfast.edge.store.Database;
import holdfast.edge.store.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an online, consistent backup of the running node into a new directory under {@code backup.dir}:
 * <ol>
 *   <li>retention is held on every lane, so no cycle file the database refers to disappears meanwhile;</li>
 *   <li>H2 {@code BACKUP TO} (a consistent snapshot while others write) and a copy of the control journal, with
 *       no state change committing between the two;</li>
 *   <li>each lane journal copied up to a commit boundary <em>after</em> the database snapshot: every sync
 *       cursor, index mark and reconciliation in the copied database points at an entry the copy holds;</li>
 *   <li>the bootstrap admin token file, then {@code manifest.json} with every file's SHA-256.</li>
 * </ol>
 * The work happens in {@code NAME.partial}, renamed to {@code NAME} only when complete. Every event
 * acknowledged before the call is in the backup. Thread-safe; one backup at a time.
 */
final class BackupService {

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final BackupSettings settings;
    private final String nodeId;
    private final Path dataDir;
    private final Database database;
    private final LaneJournals journals;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    public BackupService(BackupSettings settings, String nodeId, Path dataDir, Database database,
                         LaneJournals journals, AuditLog audit, ObjectMapper mapper, Clock clock) {
        this.settings = settings;
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.database = database;
        this.journals = journals;
        this.audit = audit;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Where a backup went and what it holds. */
    public record Result(Path directory, BackupManifest manifest) {
    }

    /**
     * Takes a backup. {@code label} (optional, {@code [A-Za-z0-9._-]{1,40}}) is appended to the directory name.
     *
     * @throws IllegalArgumentException for a bad label
     * @throws IllegalStateException    while another backup runs
     */
    public Result backup(String label, String actorId, String actor, String reason) {
        if (label != null && !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("label must match " + LABEL.pattern());
        }
        if (!running.tryLock()) {
            throw new IllegalStateException("a backup is already running");
        }
        try {
            Instant started = clock.instant();
            String base = "holdfast-" + nodeId + "-" + STAMP.format(started) + (label == null ? "" : "-" + label);
            String name = base;
            for (int n = 2; Files.exists(settings.directory().resolve(name)); n++) {
                name = base + "-" + n; // two backups within one second
            }
            Path target = settings.directory().resolve(name);
            Path work = settings.directory().resolve(name + ".partial");
            try {
                Result result = take(work, target, started);
                audit.append(AuditEntry.of(actorId, actor, "node.backup", "backup:" + name, reason));
                LOG.info("event=backup.completed dir={} durationMs={} bytes={} lanes={}", target,
                        result.manifest().durationMs(), result.manifest().totalBytes(), result.manifest().lanes());
                return result;
            } catch (IOException | SQLException | RuntimeException e) {
                deleteQuietly(work);
                LOG.error("event=backup.failed dir={} error={}", target, e.toString());
                if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
                    throw (RuntimeException) e;
                }
                throw new HoldfastException("backup to " + target + " failed: " + e.getMessage(), e);
            }
        } finally {
            running.unlock();
        }
    }

    private Result take(Path work, Path target, Instant started) throws IOException, SQLException {
        Files.createDirectories(settings.directory());
        Files.createDirectory(work, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Map<String, BackupManifest.LaneMark> lanes = new TreeMap<>();
        String schemaVersion;
        List<CycleHold> holds = new ArrayList<>();
        try {
            journals.all().forEach(j -> holds.add(j.holdCycles()));
            Map<String, Long> synced = syncCursors();
            Files.createDirectories(work.resolve("db"));
            schemaVersion = snapshotState(work);
            for (Journal journal : journals.all()) {
                String lane = journal.lane().wireName();
                long lastSeq = journal.copyTo(work.resolve("journals").resolve(lane));
                lanes.put(lane, new BackupManifest.LaneMark(lastSeq, synced.getOrDefault(lane, 0L)));
            }
        } finally {
            holds.forEach(CycleHold::close);
        }
        Path token = dataDir.resolve("admin-token");
        if (Files.isRegularFile(token)) {
            Files.copy(token, work.resolve("admin-token"), StandardCopyOption.COPY_ATTRIBUTES);
        }
        List<BackupManifest.FileEntry> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.add(Checksums.entry(work, file));
            }
        }
        long durationMs = clock.millis() - started.toEpochMilli();
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, nodeId, started, durationMs,
                schemaVersion, lanes, files);
        mapper.writerWithDefaultPrettyPrinter().writeValue(work.resolve(BackupManifest.FILE_NAME).toFile(), manifest);
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        return new Result(target, manifest);
    }

    private Map<String, Long> syncCursors() {
        Map<String, Long> cursors = new HashMap<>();
        for (Map.Entry<String, Long> cursor : database.read("cannot read the sync cursors", c -> Sql.list(c,
                "SELECT lane, lane_seq FROM sync_cursor", rs -> Map.entry(rs.getString(1), rs.getLong(2))))) {
            cursors.put(cursor.getKey(), cursor.getValue());
        }
        return cursors;
    }

    /**
     * The database snapshot and the control journal's copy, with no state change committing in between: the copied
     * database's control mark is then the copied journal's end, and a restored node that must rebuild its database
     * from that journal gets exactly the snapshot's state back.
     */
    private String snapshotState(Path work) throws IOException {
        Path control = work.resolve("control");
        Files.createDirectories(control);
        String version = database.withStateHeld(() -> {
            try {
                String v = snapshotDatabase(work.resolve("db").resolve("holdfast.zip"));
                // The control journal is appended only under the state lock, so its files stand still here. Copied
                // sparse: its daily cycle files are pre-sized like the lanes' and mostly holes.
                for (Path file : database.controlJournal().files()) {
                    if (Files.isRegularFile(file)) {
                        SparseCopy.copy(file, control.resolve(file.getFileName()));
                    }
                }
                return v;
            } catch (SQLException e) {
                throw new HoldfastException("database snapshot failed: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the control journal", e);
            }
        });
        try (Stream<Path> copies = Files.list(control)) {
            for (Path copy : copies.toList()) {
                SparseCopy.force(copy); // outside the lock: no state change waits for our fsyncs
            }
        }
        return version;
    }

    /** H2's online backup: a consistent zip of the database file. Returns the schema version it holds. */
    private String snapshotDatabase(Path zip) throws SQLException {
        try (Connection c = database.projectionConnection(); Statement s = c.createStatement()) {
            String version;
            try (ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" "
                    + "AND \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC LIMIT 1")) {
                version = rs.next() ? rs.getString(1) : "0";
            }
            s.execute("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
            return version;
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("event=backup.cleanup_failed dir={} error={}", dir, e.toString());
        }
    }
}
