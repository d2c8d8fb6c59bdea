package holdfast.edge.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one lane's queue directory while its writer runs (see {@link Journal#copyTo}). Cycle files are named
 * so that their names sort by time; all but the newest two have been rolled and no longer change, so they are
 * copied first without stopping anyone. The rest (the newest cycles, {@code metadata.cq4t}) is copied holding
 * the writer's commit lock: no document is half written then, and everything written is already msync'd.
 * Not thread-safe: one copy per instance.
 */
final class JournalCopy {

    private static final Logger LOG = LoggerFactory.getLogger(JournalCopy.class);

    private final Path source;
    private final Path target;

    JournalCopy(Path source, Path target) {
        this.source = source;
        this.target = target;
    }

    long copy(Lock commitLock, LongSupplier lastSeq) {
        try {
            Files.createDirectories(target);
            List<Path> cycles = files().stream().filter(f -> f.getFileName().toString().endsWith(".cq4")).toList();
            Set<Path> copied = new HashSet<>();
            for (Path cycle : cycles.subList(0, Math.max(0, cycles.size() - 2))) {
                copyOne(cycle);
                copied.add(cycle.getFileName());
            }
            commitLock.lock();
            long paused = System.nanoTime();
            long seq;
            try {
                for (Path file : files()) {
                    if (!copied.contains(file.getFileName())) {
                        copyOne(file);
                    }
                }
                seq = lastSeq.getAsLong();
            } finally {
                commitLock.unlock();
            }
            try (Stream<Path> copies = Files.list(target)) {
                for (Path copy : copies.toList()) {
                    SparseCopy.force(copy); // outside the lock: the writer need not wait for our fsyncs
                }
            }
            LOG.info("event=journal.copied dir={} lastSeq={} files={} writerPausedMs={}", source.getFileName(), seq,
                    cycles.size(), (System.nanoTime() - paused) / 1_000_000);
            return seq;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy journal " + source + " to " + target, e);
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(source)) {
            return list.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private void copyOne(Path file) throws IOException {
        SparseCopy.copy(file, target.resolve(file.getFileName()));
    }
}
