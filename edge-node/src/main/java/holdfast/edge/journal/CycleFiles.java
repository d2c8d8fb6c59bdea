package holdfast.edge.journal;

import java.io.File;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of a lane's cycle files. The open-source Chronicle Queue has none built in: this listener learns
 * which cycle files are mapped right now ({@code onAcquired}/{@code onReleased}) so that a sweep never deletes
 * a file someone still reads or writes, and the sweep then calls {@code refreshDirectoryListing()} so the
 * queue forgets the deleted cycles. Thread-safe.
 */
final class CycleFiles implements StoreFileListener {

    private static final Logger LOG = LoggerFactory.getLogger(CycleFiles.class);

    private final Map<Integer, Integer> held = new ConcurrentHashMap<>();
    private int backupHolds; // guarded by this: while > 0 a backup is copying and nothing is deleted

    synchronized CycleHold hold() {
        backupHolds++;
        boolean[] released = {false};
        return () -> {
            synchronized (this) {
                if (!released[0]) {
                    released[0] = true;
                    backupHolds--;
                }
            }
        };
    }

    @Override
    public void onAcquired(int cycle, File file) {
        held.merge(cycle, 1, Integer::sum);
    }

    @Override
    public void onReleased(int cycle, File file) {
        held.computeIfPresent(cycle, (c, n) -> n > 1 ? n - 1 : null);
    }

    synchronized int deleteBefore(SingleChronicleQueue queue, long keepIndex, Instant writtenBefore) {
        if (keepIndex == JournalEntry.NO_INDEX || backupHolds > 0) {
            return 0;
        }
        RollCycle rollCycle = queue.rollCycle();
        int limit = Math.min(rollCycle.toCycle(keepIndex), queue.cycle());
        int first = queue.firstCycle();
        if (first == Integer.MAX_VALUE || first >= limit) {
            return 0;
        }
        SimpleDateFormat names = new SimpleDateFormat(rollCycle.format());
        names.setTimeZone(TimeZone.getTimeZone("UTC"));
        int deleted = 0;
        for (Long cycle : queue.listCyclesBetween(first, limit - 1)) {
            int c = cycle.intValue();
            File file = new File(queue.file(), names.format(new Date((long) c * rollCycle.lengthInMillis())) + ".cq4");
            if (c >= limit || held.containsKey(c) || !file.isFile()
                    || file.lastModified() >= writtenBefore.toEpochMilli()) {
                continue;
            }
            if (file.delete()) {
                deleted++;
                LOG.info("event=journal.cycle_deleted cycle={} file={}", c, file.getName());
            }
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }
}
