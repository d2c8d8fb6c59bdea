package holdfast.edge.sync;

import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One admin replay in progress: reads the lane from the start with its own reader (the cursor never moves
 * back), picks the events in range, up to the cursor, and hands them out batch by batch. Not thread-safe: the
 * lane worker's thread only.
 */
final class ReplayPass implements AutoCloseable {

    private final SyncStore.Replay replay;
    private final JournalReader reader;
    private long nextSeq;
    private long sent;

    /** A batch of the pass; {@code finished} when the range is done after it. */
    record Chunk(List<LaneWorker.Item> items, long lastSeq, boolean finished) {
    }

    ReplayPass(SyncStore.Replay replay, Journal journal) {
        this.replay = replay;
        this.reader = journal.readerAfter(JournalEntry.NO_INDEX);
        this.nextSeq = replay.nextSeq();
        this.sent = replay.sent();
    }

    long id() {
        return replay.id();
    }

    long nextSeq() {
        return nextSeq;
    }

    long sent() {
        return sent;
    }

    Chunk next(SyncSettings settings, BiFunction<JournalEntry, Long, LaneWorker.Item> asSent, long syncedSeq) {
        List<LaneWorker.Item> items = new ArrayList<>();
        long end = Math.min(replay.range().toSeq(), syncedSeq);
        long last = nextSeq - 1;
        int bytes = 0;
        while (items.size() < settings.batchMaxEvents() && bytes < settings.batchMaxBytes() && last < end) {
            JournalEntry entry = reader.next();
            if (entry == null) {
                return new Chunk(items, last, true); // the rest is gone (retention) or never existed
            }
            long seq = entry.event().laneSeq();
            if (seq < nextSeq) {
                continue;
            }
            last = seq;
            if (replay.range().covers(seq, entry.event().receivedAt())) {
                LaneWorker.Item item = asSent.apply(entry, 0L);
                items.add(item);
                bytes += item.json().length;
            }
        }
        return new Chunk(items, last, last >= end);
    }

    void answered(int count) {
        sent += count;
    }

    void advance(Chunk chunk) {
        nextSeq = chunk.lastSeq() + 1;
    }

    @Override
    public void close() {
        reader.close();
    }
}
