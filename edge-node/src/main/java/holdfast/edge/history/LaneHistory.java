package holdfast.edge.history;

import holdfast.edge.threads.ThreadFailures;
import holdfast.shared.api.LaneStatus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per lane and minute: events ingested and synced, the backlog and the oldest unsynced age at the minute's last
 * look, for the last {@code lanes.history-hours} (default 24). Samples the lanes every few seconds and counts
 * the change since the previous look into the current minute, so the counts are exact whatever the sampling
 * rate; a live look is folded in before every answer, so the current minute is never behind.
 *
 * <p>Each finished minute is appended to a small text file (one line per lane) and read back at start, so the
 * history survives a restart. It is a view for people, not clinical data: the file is not forced to disk, a
 * torn last line after a crash is skipped, and a minute the node was down simply has no row. Thread-safe.
 */
final class LaneHistory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LaneHistory.class);
    private static final String THREAD = "lane-history";

    /** One lane's minute. {@code backlog} and {@code oldestUnsyncedAgeMs} are as last seen in that minute. */
    public record Minute(Instant minute, long ingested, long synced, long backlog, long oldestUnsyncedAgeMs) {
        Minute plus(long moreIngested, long moreSynced, long nowBacklog, long nowOldest) {
            return new Minute(minute, ingested + moreIngested, synced + moreSynced, nowBacklog, nowOldest);
        }
    }

    private record Seen(long appended, long synced) {
    }

    private final Path file;
    private final Clock clock;
    private final Supplier<List<LaneStatus>> lanes;
    private final Duration keep;
    private final NavigableMap<Long, Map<String, Minute>> minutes = new TreeMap<>();
    /** What the file already holds per minute, so a minute written again (after a restart) adds only the rest. */
    private final NavigableMap<Long, Map<String, Minute>> written = new TreeMap<>();
    private final Map<String, Seen> lastSeen = new HashMap<>();
    private final AtomicLong unreadableLines = new AtomicLong();
    private final ScheduledExecutorService sampler;
    private final ThreadFailures failures;
    private long openMinute = Long.MIN_VALUE;

    /**
     * @param file  where finished minutes are kept across restarts
     * @param lanes the lanes as status reports them ({@code appended} and {@code synced} only grow)
     */
    public LaneHistory(Path file, Clock clock, Supplier<List<LaneStatus>> lanes, Duration keep,
                       ThreadFailures failures) {
        this.failures = failures;
        this.file = file;
        this.clock = clock;
        this.lanes = lanes;
        this.keep = keep;
        load();
        this.sampler = Executors.newSingleThreadScheduledExecutor(failures.factory(THREAD));
    }

    /** Starts looking at the lanes every {@code every}; the first look sets the baseline. */
    public void start(Duration every) {
        sample();
        // A failed look loses nothing: the next one counts the change since the last good one.
        sampler.scheduleWithFixedDelay(failures.guarded(THREAD, this::sample), every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Looks at the lanes now and counts what changed since the last look into the current minute. */
    public synchronized void sample() {
        Instant now = clock.instant();
        long minute = now.getEpochSecond() / 60;
        if (openMinute != Long.MIN_VALUE && minute != openMinute) {
            persist(openMinute);
        }
        openMinute = minute;
        for (LaneStatus lane : lanes.get()) {
            Seen before = lastSeen.put(lane.name(), new Seen(lane.appended(), lane.synced()));
            // The first look after a start is the baseline: nothing arrived while the node was down.
            long ingested = before == null ? 0 : Math.max(0, lane.appended() - before.appended());
            long synced = before == null ? 0 : Math.max(0, lane.synced() - before.synced());
            minutes.computeIfAbsent(minute, m -> new HashMap<>())
                    .merge(lane.name(), new Minute(Instant.ofEpochSecond(minute * 60), ingested, synced,
                            lane.backlog(), lane.oldestBacklogAgeMs()),
                            (old, add) -> old.plus(add.ingested(), add.synced(), add.backlog(),
                                    add.oldestUnsyncedAgeMs()));
        }
        long oldestKept = minute - keep.toMinutes();
        minutes.headMap(oldestKept, false).clear();
        written.headMap(oldestKept, false).clear();
    }

    /** The last {@code count} minutes (the current one included), per lane, oldest first. */
    public synchronized Map<String, List<Minute>> last(int count) {
        sample();
        long from = openMinute - count + 1;
        Map<String, List<Minute>> byLane = new java.util.LinkedHashMap<>();
        for (LaneStatus lane : lanes.get()) {
            byLane.put(lane.name(), new ArrayList<>());
        }
        for (Map<String, Minute> m : minutes.tailMap(from, true).values()) {
            m.forEach((lane, minute) -> byLane.computeIfAbsent(lane, l -> new ArrayList<>()).add(minute));
        }
        return byLane;
    }

    /** Lines of the history file that could not be read (a torn write), since start. */
    public long unreadableLines() {
        return unreadableLines.get();
    }

    @Override
    public synchronized void close() {
        sampler.shutdownNow();
        if (openMinute != Long.MIN_VALUE) {
            sample();
            persist(openMinute);
        }
    }

    private void persist(long minute) {
        Map<String, Minute> m = minutes.get(minute);
        if (m == null) {
            return;
        }
        try (BufferedWriter out = Files.newBufferedWriter(ownerOnly(file), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND)) {
            Map<String, Minute> already = written.computeIfAbsent(minute, k -> new HashMap<>());
            for (Map.Entry<String, Minute> e : m.entrySet()) {
                Minute now = e.getValue();
                Minute before = already.get(e.getKey());
                out.write(line(e.getKey(), before == null ? now : new Minute(now.minute(),
                        now.ingested() - before.ingested(), now.synced() - before.synced(), now.backlog(),
                        now.oldestUnsyncedAgeMs())));
                already.put(e.getKey(), now);
            }
        } catch (IOException e) {
            LOG.warn("event=lanes.history.write-failed file={} error={}", file, e.getClass().getSimpleName());
        }
    }

    /** The data dir is the node's alone: its files are created {@code rw-------}, whatever the umask. */
    private static Path ownerOnly(Path f) throws IOException {
        if (!Files.exists(f)) {
            try {
                Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(f); // no POSIX permissions on this file system
            }
        }
        return f;
    }

    private static String line(String lane, Minute m) {
        return m.minute().getEpochSecond() / 60 + " " + lane + " " + m.ingested() + " " + m.synced() + " "
                + m.backlog() + " " + m.oldestUnsyncedAgeMs() + "\n";
    }

    /**
     * Reads the kept minutes back (a minute written twice, before and after a restart inside it, is summed)
     * and rewrites the file with only what is still inside the window, so it never grows without end.
     */
    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        long oldestKept = clock.instant().getEpochSecond() / 60 - keep.toMinutes();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                try {
                    if (f.length != 6) {
                        throw new NumberFormatException("fields");
                    }
                    long minute = Long.parseLong(f[0]);
                    if (minute < oldestKept) {
                        continue;
                    }
                    minutes.computeIfAbsent(minute, k -> new HashMap<>()).merge(f[1],
                            new Minute(Instant.ofEpochSecond(minute * 60), Long.parseLong(f[2]), Long.parseLong(f[3]),
                                    Long.parseLong(f[4]), Long.parseLong(f[5])),
                            (old, add) -> old.plus(add.ingested(), add.synced(), add.backlog(),
                                    add.oldestUnsyncedAgeMs()));
                } catch (NumberFormatException e) {
                    unreadableLines.incrementAndGet();
                }
            }
            minutes.forEach((minute, m) -> written.put(minute, new HashMap<>(m)));
            Path fresh = file.resolveSibling(file.getFileName() + ".tmp");
            StringBuilder kept = new StringBuilder();
            minutes.forEach((minute, m) -> m.forEach((lane, row) -> kept.append(line(lane, row))));
            Files.deleteIfExists(fresh);
            Files.writeString(ownerOnly(fresh), kept, StandardCharsets.UTF_8);
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lane history " + file, e);
        }
    }
}
