package holdfast.edge.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of one backup: what was copied, up to where, and a checksum for every file (paths are
 * relative to the backup directory, with {@code /}). Written last, so a backup without one is incomplete.
 *
 * @param format        manifest format (1)
 * @param schemaVersion the Flyway schema version of the copied database
 * @param lanes         per lane: the highest laneSeq in the copied journal, and the sync cursor the database
 *                      held just before its snapshot (never above {@code lastSeq})
 */
record BackupManifest(int format, String nodeId, Instant createdAt, long durationMs, String schemaVersion,
                             Map<String, LaneMark> lanes, List<FileEntry> files) {

    public static final int FORMAT = 1;
    public static final String FILE_NAME = "manifest.json";

    public BackupManifest {
        lanes = Map.copyOf(lanes);
        files = List.copyOf(files);
    }

    /** One lane at the time of the snapshot. */
    public record LaneMark(long lastSeq, long syncedSeq) {
    }

    /** One copied file. */
    public record FileEntry(String path, long size, String sha256) {
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }
}
