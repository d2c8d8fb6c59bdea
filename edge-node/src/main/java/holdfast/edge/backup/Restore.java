package holdfast.edge.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.HoldfastException;
import holdfast.edge.journal.SeqRestores;
import holdfast.edge.journal.SparseCopy;
import holdfast.shared.envelope.EnvelopeCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Restores a backup into a data dir, offline: checks the manifest and every file's size and SHA-256 first, refuses
 * while a node holds the data dir, and never deletes anything (with {@code force} an existing data dir is moved
 * aside to {@code DIR.before-restore-STAMP}). The result is assembled in {@code DIR.restoring} and renamed into
 * place, so a failure half-way leaves no half-restored data dir. Not thread-safe (a command-line tool).
 */
final class Restore {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path backup;
    private final Path dataDir;
    private final ObjectMapper mapper = EnvelopeCodec.newMapper();

    Restore(Path backup, Path dataDir) {
        this.backup = backup;
        this.dataDir = dataDir;
    }

    /** The backup cannot be used (missing, incomplete, changed). */
    static final class InvalidBackupException extends HoldfastException {
        InvalidBackupException(String message) {
            super(message);
        }
    }

    /** Restoring now would harm something (a running node, data not asked to be replaced). */
    static final class RefusedException extends HoldfastException {
        RefusedException(String message) {
            super(message);
        }
    }

    /** What was done. */
    record Report(Path backup, Path dataDir, Path movedAside, BackupManifest manifest) {
        void print(PrintStream out) {
            out.println("Restored backup " + backup);
            out.println("  node " + manifest.nodeId() + ", taken " + manifest.createdAt() + ", database schema version "
                    + manifest.schemaVersion() + ", " + manifest.files().size() + " files verified (SHA-256)");
            out.println("  into data dir " + dataDir);
            if (movedAside != null) {
                out.println("  the previous data dir was moved (not deleted) to " + movedAside);
            }
            for (Map.Entry<String, BackupManifest.LaneMark> lane : manifest.lanes().entrySet()) {
                out.println("  lane " + lane.getKey() + ": events up to laneSeq " + lane.getValue().lastSeq()
                        + ", synced to the cloud at least up to " + lane.getValue().syncedSeq());
            }
            out.println("Start the node: it migrates the database if needed, re-indexes the journals and resends from");
            out.println("each lane's sync cursor (the cloud answers 'duplicate' for events it already has).");
            out.println("Before it sends a new event, each lane asks the cloud for the highest laneSeq it holds and");
            out.println("continues above it, so no laneSeq is used twice. Ingest works at once, even with the cloud away.");
            out.println("Events acknowledged after the backup was taken are not in it: those already synced are in the");
            out.println("cloud only.");
        }
    }

    Report run(boolean force) throws IOException {
        BackupManifest manifest = verify();
        refuseWhileNodeRuns();
        Path movedAside = null;
        if (!isEmpty(dataDir)) {
            if (!force) {
                throw new RefusedException("data dir " + dataDir + " is not empty; stop the node and add --force to "
                        + "move it aside (it is kept, not deleted)");
            }
            movedAside = dataDir.resolveSibling(dataDir.getFileName() + ".before-restore-" + STAMP.format(Instant.now()));
            Files.move(dataDir, movedAside);
        }
        Path staging = dataDir.resolveSibling(dataDir.getFileName() + ".restoring");
        if (Files.exists(staging)) {
            throw new RefusedException(staging + " exists (an earlier restore that failed?): remove it first");
        }
        Files.createDirectories(staging.getParent());
        Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createDirectories(staging.resolve("db"));
        unzipDatabase(backup.resolve("db").resolve("holdfast.zip"), staging.resolve("db"));
        for (BackupManifest.FileEntry file : manifest.files()) {
            if (file.path().startsWith("journals/") || file.path().startsWith("control/")
                    || file.path().equals("admin-token")) {
                Path to = staging.resolve(file.path());
                Files.createDirectories(to.getParent());
                SparseCopy.copy(backup.resolve(file.path()), to);
                SparseCopy.force(to);
                if (file.path().equals("admin-token")) {
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------")); // a secret
                }
            }
        }
        for (Map.Entry<String, BackupManifest.LaneMark> lane : manifest.lanes().entrySet()) {
            Path laneDir = staging.resolve("journals").resolve(lane.getKey()); // an empty lane has no files
            Files.createDirectories(laneDir);
            // The node running after the backup may have handed out laneSeqs above the backup's end, and the cloud
            // may hold them: the restored node asks the cloud before it sends anything journaled from now on.
            SeqRestores.restored(laneDir, lane.getValue().lastSeq());
        }
        if (Files.exists(dataDir)) {
            Files.delete(dataDir); // empty (checked above): the staging dir takes its place
        }
        Files.move(staging, dataDir);
        return new Report(backup, dataDir, movedAside, manifest);
    }

    private BackupManifest verify() {
        Path file = backup.resolve(BackupManifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new InvalidBackupException(file + " is missing (not a backup, or an incomplete one)");
        }
        BackupManifest manifest;
        try {
            manifest = mapper.readValue(file.toFile(), BackupManifest.class);
        } catch (IOException e) {
            throw new InvalidBackupException(file + " cannot be read: " + e.getMessage());
        }
        if (manifest.format() != BackupManifest.FORMAT) {
            throw new InvalidBackupException("manifest format " + manifest.format() + " is not supported (expected "
                    + BackupManifest.FORMAT + ")");
        }
        boolean hasDatabase = false;
        for (BackupManifest.FileEntry entry : manifest.files()) {
            Path f = backup.resolve(entry.path()).normalize();
            if (!f.startsWith(backup) || entry.path().contains("..")) {
                throw new InvalidBackupException("manifest names a file outside the backup: " + entry.path());
            }
            try {
                if (!Files.isRegularFile(f) || Files.size(f) != entry.size() || !Checksums.sha256(f).equals(entry.sha256())) {
                    throw new InvalidBackupException(entry.path() + " is missing or differs from the manifest "
                            + "(size or SHA-256)");
                }
            } catch (IOException e) {
                throw new InvalidBackupException(entry.path() + " cannot be read: " + e.getMessage());
            }
            hasDatabase |= entry.path().equals("db/holdfast.zip");
        }
        if (!hasDatabase) {
            throw new InvalidBackupException("the manifest lists no database (db/holdfast.zip)");
        }
        return manifest;
    }

    private void refuseWhileNodeRuns() throws IOException {
        Path lockFile = dataDir.resolve(".lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by a node inside this very JVM
            }
            if (lock == null) {
                throw new RefusedException("a node is running on " + dataDir + ": stop it first (systemctl stop "
                        + "holdfast-edge-node, or Ctrl-C)");
            }
            lock.release();
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** H2's BACKUP zip holds the database file under its plain name; anything else in it is refused. */
    private static void unzipDatabase(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry entry;
            int files = 0;
            while ((entry = z.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new InvalidBackupException("unexpected entry '" + name + "' in the database backup");
                }
                Files.copy(z, into.resolve(name));
                files++;
            }
            if (files == 0) {
                throw new InvalidBackupException("the database backup is empty");
            }
        }
    }
}
