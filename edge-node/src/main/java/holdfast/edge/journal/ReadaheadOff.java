package holdfast.edge.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.core.OS;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the kernel's readahead off for each mapping a journal writer writes through ({@code MADV_RANDOM}).
 *
 * <p>A journal is written front to back through a memory mapping of a sparse file. On that sequential fault
 * pattern the kernel's readahead fills the page cache with large folios (up to 2 MB), and {@code msync}
 * writes back every dirty folio whole: a group commit of 30 events (36 KB) wrote 1.1 MB to the disk and its
 * msync took 1.7x as long. With readahead off a fault brings in one page, and a commit writes back about what
 * it wrote (44 KB). Reads through the same mapping lose readahead too: mostly of pages this process has just
 * written, still in the page cache; a backlog an earlier run left lies mostly in cycles and chunks the writer no
 * longer maps, read with readahead as before.
 *
 * <p>Advice is a hint: where the platform refuses it, the journal is as durable as before, only slower, and
 * that is said once in the log.
 */
public final class ReadaheadOff {

    private static final Logger LOG = LoggerFactory.getLogger(ReadaheadOff.class);

    private final String journal;
    private BytesStore<?, ?> advised;
    private boolean refused;

    /** @param journal names the journal in the one log line said if the platform refuses the advice */
    public ReadaheadOff(String journal) {
        this.journal = journal;
    }

    /** Advises the mapping {@code bytes} now writes into, once per mapping; called by the writer only. */
    public void follow(Bytes<?> bytes) {
        BytesStore<?, ?> store = bytes.bytesStore();
        if (store == advised || refused || !(store instanceof MappedBytesStore mapped)) {
            return;
        }
        advised = store;
        try {
            long address = mapped.addressForRead(mapped.start());
            long aligned = address & -(long) OS.pageSize();
            int rc = PosixAPI.posix().madvise(aligned, mapped.realCapacity() + (address - aligned),
                    MAdviseFlag.MADV_RANDOM);
            if (rc != 0) {
                refuse("madvise returned " + rc);
            }
        } catch (RuntimeException | LinkageError e) {
            refuse(e.getClass().getSimpleName());
        }
    }

    private void refuse(String why) {
        refused = true;
        LOG.warn("event=journal.readahead_kept journal={} reason=\"{}\" effect=\"each fsync may write back more than "
                + "was written\"", journal, why);
    }
}
