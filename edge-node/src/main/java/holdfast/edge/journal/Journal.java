package holdfast.edge.journal;

import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import java.util.concurrent.CompletableFuture;

/**
 * One lane's append-only, durable event log: the node's source of truth. Implementations are thread-safe:
 * any number of threads may append; each reader is for one thread.
 */
public interface Journal extends AutoCloseable {

    Lane lane();

    /**
     * Starts taking appends (a writer thread, for a journal on disk). Opening a journal only opens its files, so
     * it can be read first; appends before this fail with {@link JournalUnavailableException}.
     */
    default void start() {
    }

    /**
     * Places the event at the next laneSeq and completes once it is on disk (fsync'd). Fails at once, without
     * queuing, with {@link JournalFullException} when the lane's writer is saturated, and with
     * {@link JournalUnavailableException} when the lane has failed, is closed or is not started yet.
     */
    CompletableFuture<JournalEntry> append(EventEnvelope event);

    /** The highest laneSeq durably assigned so far (0 for an empty lane). */
    long lastSeq();

    /** The restores this lane went through and how each was settled ({@link SeqRestores}). */
    default SeqRestores restores() {
        return SeqRestores.NONE;
    }

    /**
     * Settles the pending restore: the next laneSeq becomes the current end + {@code shift} + 1, durably (the jump
     * is recorded before it takes effect). Does nothing when no restore is pending. Returns the new record.
     */
    default SeqRestores settleRestore(long shift) {
        throw new UnsupportedOperationException("this journal keeps no restores");
    }

    /** How many appends are waiting for the writer right now (for status and back-pressure decisions). */
    int pendingAppends();

    /** A reader positioned after {@code afterIndex}, or at the start when it is {@link JournalEntry#NO_INDEX}. */
    JournalReader readerAfter(long afterIndex);

    /** A reader positioned at the entry with journal index {@code index} (used to resend one event). */
    JournalReader readerAt(long index);

    /**
     * Retention: deletes whole cycle files that end before the entry at {@code keepIndex} (the oldest entry
     * still needed) and were last written before {@code writtenBefore}. Never touches the current cycle or a
     * file a reader or the writer holds. Returns how many files were deleted.
     */
    int deleteCyclesBefore(long keepIndex, java.time.Instant writtenBefore);

    /**
     * Backup: until the returned hold is closed, retention deletes nothing, so a database snapshot taken
     * meanwhile never refers to a cycle file the journal copy no longer has.
     */
    CycleHold holdCycles();

    /**
     * Backup: copies the lane's files into {@code target} (an empty or missing directory) while the node runs.
     * Rolled cycles are copied while appends go on; the newest cycles and the queue metadata are copied with
     * the writer paused between two group commits, so the copy ends exactly after a durable entry. Returns
     * the highest laneSeq the copy holds.
     */
    long copyTo(java.nio.file.Path target);

    @Override
    void close();
}
