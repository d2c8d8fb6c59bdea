package holdfast.edge.store;

import holdfast.edge.journal.ReadaheadOff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The node's control journal: every change of node state (tokens, dead letters with their bytes,
 * reconciliations, audit, sync cursors, resends and replays, break-glass, alerts and their acknowledgements)
 * appended durably before the database commits it and before anyone is answered. The database is a
 * projection of this journal and the lanes, so a damaged database file is rebuilt from here.
 *
 * <p>Kept forever (it is small next to the lanes; cycle files roll daily). Thread-safe: appends are
 * serialised by the database's state lock, which a backup also holds while it copies the files.
 */
public final class ControlJournal implements AutoCloseable {

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReadaheadOff readaheadOff = new ReadaheadOff("control");
    // Chronicle appenders belong to one thread: every append and its fsync run on this one.
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("control-journal-writer").daemon(true).unstarted(r));
    private volatile long lastIndex;

    public ControlJournal(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the control journal directory " + directory, e);
        }
        this.queue = SingleChronicleQueueBuilder.binary(directory)
                .syncMode(SyncMode.SYNC)
                .rollCycle(RollCycles.FAST_DAILY)
                .build();
        this.appender = onWriter(queue::createAppender);
        this.lastIndex = readLastIndex();
    }

    /** Appends one change and returns once it is on disk (fsync'd), with its journal index. */
    public long append(byte[] change) {
        appendLock.lock();
        try {
            long index = onWriter(() -> {
                try (DocumentContext dc = appender.writingDocument()) {
                    dc.wire().bytes().write(change);
                    readaheadOff.follow(dc.wire().bytes());
                }
                long appended = appender.lastIndexAppended();
                appender.sync();
                return appended;
            });
            lastIndex = index;
            return index;
        } finally {
            appendLock.unlock();
        }
    }

    private <T> T onWriter(java.util.concurrent.Callable<T> work) {
        try {
            return writer.submit(work).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("the control journal failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the control journal", e);
        }
    }

    /** The index of the newest entry, or -1 when the journal is empty. */
    public long lastIndex() {
        return lastIndex;
    }

    public boolean isEmpty() {
        return lastIndex < 0;
    }

    /** Hands every entry after {@code afterIndex} (or from the start, when -1) to {@code visitor}, in order. */
    public int forEachAfter(long afterIndex, EntryVisitor visitor) {
        int visited = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return visited;
                    }
                    long index = dc.index();
                    if (index <= afterIndex) {
                        continue;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    byte[] data = new byte[(int) bytes.readRemaining()];
                    bytes.read(data);
                    visitor.visit(index, data);
                    visited++;
                }
            }
        }
    }

    public Path directory() {
        return directory;
    }

    /** The files the journal is made of (for backups and tests). */
    public List<Path> files() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        onWriter(() -> {
            appender.close();
            return null;
        });
        writer.shutdown();
        queue.close();
    }

    private long readLastIndex() {
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd();
             DocumentContext dc = tailer.readingDocument()) {
            return dc.isPresent() ? dc.index() : -1;
        }
    }

    /** Receives the entries of a read, one at a time. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(long index, byte[] change);
    }
}
