package holdfast.edge.journal;

import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.edge.threads.ThreadFailures;
import holdfast.shared.envelope.Lane;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lane journal on a Chronicle Queue, written by one thread that group-commits: it takes every append
 * waiting (up to {@code maxBatch}), writes them, then makes them durable with one {@code msync} and only then
 * completes their futures. Many concurrent producers therefore share one fsync, and each lane has its own
 * thread, queue and files, so a flood in one lane never waits on another's disk flushes.
 *
 * <p>Document format (version 1): one byte {@code 1}, the laneSeq as an int64, then the envelope JSON
 * (UTF-8) with {@code laneSeq} 0 — the writer thread assigns positions without re-encoding anything.
 *
 * <p>Thread-safe: {@link #append} from any thread; readers are per thread.
 */
public final class ChronicleJournal implements Journal {

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleJournal.class);
    private static final byte FORMAT_V1 = 1;

    private final Lane lane;
    private final EnvelopeCodec codec;
    private final JournalSettings settings;
    private final SingleChronicleQueue queue;
    private final BlockingQueue<PendingAppend> pending;
    private final Thread writer;
    private final AppendListener listener;
    private final JournalTimings timings;
    private final ThreadFailures failures;
    private final CountDownLatch writerStarted = new CountDownLatch(1);
    private final CycleFiles cycleFiles = new CycleFiles();
    private final ReadaheadOff readaheadOff;
    // Held by the writer around each group commit; a backup takes it to copy the newest cycle between commits.
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Path directory;
    private volatile long lastSeq;
    private volatile SeqRestores restores;
    private volatile boolean closing;
    // Appends are taken only once the writer runs: none may wait for a writer that never starts.
    private volatile boolean started;
    private volatile Throwable failure;

    public ChronicleJournal(Lane lane, Path directory, JournalSettings settings, EnvelopeCodec codec,
                            AppendListener listener) {
        this(lane, directory, settings, codec, listener, JournalTimings.NONE);
    }

    /** As above, telling {@code timings} how long each group commit and each append took. */
    public ChronicleJournal(Lane lane, Path directory, JournalSettings settings, EnvelopeCodec codec,
                            AppendListener listener, JournalTimings timings) {
        this(lane, directory, settings, codec, listener, timings, ThreadFailures.unexposed());
    }

    /** As above, reporting a failure at the top of the writer thread to the node's {@code failures}. */
    public ChronicleJournal(Lane lane, Path directory, JournalSettings settings, EnvelopeCodec codec,
                            AppendListener listener, JournalTimings timings, ThreadFailures failures) {
        this.lane = lane;
        this.failures = failures;
        this.listener = listener;
        this.timings = timings;
        this.codec = codec;
        this.settings = settings;
        this.directory = directory;
        this.readaheadOff = new ReadaheadOff("lane " + lane.wireName());
        this.queue = SingleChronicleQueueBuilder.binary(directory)
                .syncMode(SyncMode.SYNC)
                .rollCycle(settings.rollCycle())
                .storeFileListener(cycleFiles)
                .build();
        this.restores = SeqRestores.read(directory);
        // A settled restore's jump holds even before the first event above it is written.
        this.lastSeq = Math.max(readLastSeq(), restores.highestTo());
        this.pending = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.writer = Thread.ofPlatform().name("journal-writer-" + lane.wireName()).daemon(true)
                .unstarted(this::writeLoop);
        LOG.info("event=journal.opened lane={} lastSeq={} dir={}", lane.wireName(), lastSeq, directory);
    }

    /** Opens the lane and starts its writer: for tools and tests that append at once. */
    public static ChronicleJournal open(Lane lane, Path directory, JournalSettings settings, EnvelopeCodec codec,
                                        AppendListener listener) {
        return open(lane, directory, settings, codec, listener, JournalTimings.NONE);
    }

    /** As above, telling {@code timings} how long each group commit and each append took. */
    public static ChronicleJournal open(Lane lane, Path directory, JournalSettings settings, EnvelopeCodec codec,
                                        AppendListener listener, JournalTimings timings) {
        ChronicleJournal journal = new ChronicleJournal(lane, directory, settings, codec, listener, timings);
        try {
            journal.start();
        } catch (RuntimeException | Error e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    /**
     * Starts the writer and returns once it takes appends; until then {@link #append} fails. Reading needs no
     * writer, so start-up passes (the index's recovery) can read the lane before anything is written to it.
     */
    @Override
    public synchronized void start() {
        if (closing) {
            throw new IllegalStateException("lane " + lane.wireName() + " journal is closed");
        }
        if (started) {
            return;
        }
        writer.start();
        awaitWriterStarted();
        started = true;
    }

    @Override
    public Lane lane() {
        return lane;
    }

    @Override
    public CompletableFuture<JournalEntry> append(EventEnvelope event) {
        if (closing || failure != null || !started) {
            return CompletableFuture.failedFuture(unavailable());
        }
        byte[] json = codec.encode(event.placedAt(lane, 0));
        PendingAppend append = new PendingAppend(event, json, new CompletableFuture<>(), System.nanoTime());
        if (!pending.offer(append)) {
            return CompletableFuture.failedFuture(new JournalFullException(lane, settings.queueCapacity()));
        }
        return append.result();
    }

    @Override
    public long lastSeq() {
        return lastSeq;
    }

    @Override
    public SeqRestores restores() {
        return restores;
    }

    @Override
    public SeqRestores settleRestore(long shift) {
        if (shift < 0) {
            throw new IllegalArgumentException("shift must not be negative");
        }
        commitLock.lock(); // between two group commits: no laneSeq is being handed out meanwhile
        try {
            SeqRestores now = restores;
            if (now.pending() == null) {
                return now;
            }
            long end = lastSeq;
            SeqRestores next = now.settle(end, end + shift);
            next.write(directory);
            restores = next;
            lastSeq = end + shift;
            LOG.info("event=journal.restore_settled lane={} restoredSeq={} jumpedAt={} nextSeq={}", lane.wireName(),
                    now.pending().afterSeq(), end, end + shift + 1);
            return next;
        } finally {
            commitLock.unlock();
        }
    }

    @Override
    public int pendingAppends() {
        return pending.size();
    }

    /** Why the lane stopped taking appends, or null while it is healthy. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public JournalReader readerAfter(long afterIndex) {
        ExcerptTailer tailer = queue.createTailer();
        if (afterIndex != JournalEntry.NO_INDEX) {
            if (!tailer.moveToIndex(afterIndex)) {
                tailer.close();
                throw new IllegalStateException("lane " + lane.wireName() + " has no entry at index " + afterIndex);
            }
            // moveToIndex places the tailer at the entry; step over it so reading starts after it.
            try (DocumentContext dc = tailer.readingDocument()) {
                dc.isPresent();
            }
        }
        return new ChronicleReader(tailer);
    }

    @Override
    public JournalReader readerAt(long index) {
        ExcerptTailer tailer = queue.createTailer();
        if (!tailer.moveToIndex(index)) {
            tailer.close();
            throw new IllegalStateException("lane " + lane.wireName() + " has no entry at index " + index);
        }
        return new ChronicleReader(tailer);
    }

    @Override
    public int deleteCyclesBefore(long keepIndex, java.time.Instant writtenBefore) {
        return cycleFiles.deleteBefore(queue, keepIndex, writtenBefore);
    }

    @Override
    public CycleHold holdCycles() {
        return cycleFiles.hold();
    }

    @Override
    public long copyTo(Path target) {
        return new JournalCopy(directory, target).copy(commitLock, () -> lastSeq);
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.close();
        LOG.info("event=journal.closed lane={} lastSeq={}", lane.wireName(), lastSeq);
    }

    private void writeLoop() {
        List<PendingAppend> batch = new ArrayList<>(settings.maxBatch());
        try (ExcerptAppender appender = queue.createAppender()) {
            writerStarted.countDown();
            while (!closing || !pending.isEmpty()) {
                PendingAppend first = pending.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, settings.maxBatch() - 1);
                commitLock.lock();
                try {
                    writeDurably(appender, batch);
                } finally {
                    commitLock.unlock();
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Top of the writer thread: the lane stops taking appends, everything waiting is failed, the
            // other lanes carry on.
            failure = e;
            failures.failed(writer.getName(), "lane=" + lane.wireName() + " lastSeq=" + lastSeq, e);
            batch.forEach(p -> p.result().completeExceptionally(unavailable()));
            PendingAppend left;
            while ((left = pending.poll()) != null) {
                left.result().completeExceptionally(unavailable());
            }
        } finally {
            writerStarted.countDown();
        }
    }

    private void writeDurably(ExcerptAppender appender, List<PendingAppend> batch) {
        long startedAt = System.nanoTime();
        long seq = lastSeq;
        long[] indexes = new long[batch.size()];
        int firstCycle = 0;
        int firstAt = -1;
        for (int i = 0; i < batch.size(); i++) {
            PendingAppend p = batch.get(i);
            seq++;
            try (DocumentContext dc = appender.writingDocument()) {
                Bytes<?> bytes = dc.wire().bytes();
                bytes.writeByte(FORMAT_V1);
                bytes.writeLong(seq);
                bytes.write(p.json());
                readaheadOff.follow(bytes);
            }
            // Chronicle finds an appended document's index by scanning back to the cycle's last index entry;
            // within one cycle the documents of a batch have consecutive indexes, so it is asked once per cycle.
            int cycle = appender.cycle();
            if (firstAt < 0 || cycle != firstCycle) {
                indexes[i] = appender.lastIndexAppended();
                firstCycle = cycle;
                firstAt = i;
            } else {
                indexes[i] = indexes[firstAt] + (i - firstAt);
            }
        }
        appender.sync();
        long durableAt = System.nanoTime();
        timings.committed(lane, batch.size(), durableAt - startedAt);
        lastSeq = seq;
        long first = seq - batch.size() + 1;
        List<JournalEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(new JournalEntry(batch.get(i).event().placedAt(lane, first + i), indexes[i]));
        }
        listener.appended(entries);
        for (int i = 0; i < batch.size(); i++) {
            timings.appended(lane, durableAt - batch.get(i).queuedAt());
            batch.get(i).result().complete(entries.get(i));
        }
    }

    private long readLastSeq() {
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd();
             DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return 0;
            }
            Bytes<?> bytes = dc.wire().bytes();
            checkFormat(bytes.readByte());
            return bytes.readLong();
        }
    }

    private void checkFormat(byte format) {
        if (format != FORMAT_V1) {
            throw new IllegalStateException("lane " + lane.wireName() + " journal entry has unknown format " + format);
        }
    }

    private JournalUnavailableException unavailable() {
        return new JournalUnavailableException(
                "lane " + lane.wireName() + (failure != null ? " failed: " + failure
                        : closing ? " is closed" : " is not started yet"), failure);
    }

    private void awaitWriterStarted() {
        try {
            if (!writerStarted.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("lane " + lane.wireName() + " writer did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening lane " + lane.wireName(), e);
        }
    }

    private record PendingAppend(EventEnvelope event, byte[] json, CompletableFuture<JournalEntry> result,
                                 long queuedAt) {
    }

    private final class ChronicleReader implements JournalReader {
        private final ExcerptTailer tailer;

        ChronicleReader(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        @Override
        public JournalEntry next() {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return null;
                }
                Bytes<?> bytes = dc.wire().bytes();
                checkFormat(bytes.readByte());
                long seq = bytes.readLong();
                byte[] json = new byte[(int) bytes.readRemaining()];
                bytes.read(json);
                return new JournalEntry(codec.decode(json).placedAt(lane, seq), dc.index(), JournalEntry.placed(json, seq));
            }
        }

        @Override
        public void close() {
            tailer.close();
        }
    }
}
