package holdfast.edge.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The restores a lane journal went through ({@code laneseq-restores} in the lane's directory, so a backup copies it
 * with the journal). A restore puts a lane back to an older end; laneSeqs above it may already be in the cloud,
 * held by events the backup does not have. So each restore is recorded as {@code afterSeq} (the restored end),
 * and settled once the cloud's highest laneSeq of the lane is known: the journal's next laneSeq then jumps from
 * {@code jumpedAt} (its end at that moment) to {@code to} + 1. Events journaled between the restore and the jump
 * ({@code afterSeq} &lt; laneSeq &le; {@code jumpedAt}) travel as laneSeq + ({@code to} - {@code jumpedAt}).
 *
 * <p>One line per restore: {@code afterSeq}, or {@code afterSeq jumpedAt to} once settled. Immutable.
 */
public record SeqRestores(List<Point> points) {

    public static final String FILE_NAME = "laneseq-restores";

    public SeqRestores {
        points = List.copyOf(points);
    }

    /** One restore: unsettled while {@code jumpedAt} is -1. */
    public record Point(long afterSeq, long jumpedAt, long to) {

        public boolean settled() {
            return jumpedAt >= 0;
        }

        /** How far events journaled between the restore and the jump are moved up. */
        public long shift() {
            return settled() ? to - jumpedAt : 0;
        }
    }

    public static final SeqRestores NONE = new SeqRestores(List.of());

    /** The restore not settled yet, or null. */
    public Point pending() {
        return points.isEmpty() || points.getLast().settled() ? null : points.getLast();
    }

    /** The highest laneSeq a settled jump reserved (0 when none): the journal's end is never below it. */
    public long highestTo() {
        return points.stream().filter(Point::settled).mapToLong(Point::to).max().orElse(0);
    }

    public static SeqRestores read(Path laneDir) {
        Path file = laneDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        List<Point> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split(" ");
                if (f.length == 1 && !f[0].isEmpty()) {
                    points.add(new Point(Long.parseLong(f[0]), -1, -1));
                } else if (f.length == 3) {
                    points.add(new Point(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
                } else if (!line.isBlank()) {
                    throw new IllegalStateException(file + " has an unreadable line");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " has an unreadable number", e);
        }
        return new SeqRestores(points);
    }

    /**
     * Records a restore of the lane to {@code afterSeq} (offline, by the restore tool). A restore still unsettled
     * stays the one in force: what was journaled after it was never sent either.
     */
    public static SeqRestores restored(Path laneDir, long afterSeq) {
        SeqRestores now = read(laneDir);
        if (now.pending() != null) {
            return now;
        }
        List<Point> points = new ArrayList<>(now.points);
        points.add(new Point(afterSeq, -1, -1));
        SeqRestores next = new SeqRestores(points);
        next.write(laneDir);
        return next;
    }

    /** This record with the pending restore settled: the journal's end {@code jumpedAt} jumps to {@code to}. */
    SeqRestores settle(long jumpedAt, long to) {
        List<Point> points = new ArrayList<>(this.points);
        Point pending = points.removeLast();
        points.add(new Point(pending.afterSeq(), jumpedAt, to));
        return new SeqRestores(points);
    }

    /** Written whole to a temporary file, forced, then renamed over the old one: never half written. */
    void write(Path laneDir) {
        StringBuilder text = new StringBuilder();
        for (Point p : points) {
            text.append(p.afterSeq());
            if (p.settled()) {
                text.append(' ').append(p.jumpedAt()).append(' ').append(p.to());
            }
            text.append('\n');
        }
        Path file = laneDir.resolve(FILE_NAME);
        Path tmp = laneDir.resolve(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(laneDir);
            Files.write(tmp, text.toString().getBytes(StandardCharsets.US_ASCII));
            SparseCopy.force(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(laneDir, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
