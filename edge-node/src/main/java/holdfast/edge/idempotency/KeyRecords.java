package holdfast.edge.idempotency;

import holdfast.edge.HoldfastException;
import holdfast.shared.envelope.Lane;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;

/**
 * The index's records, one per journaled key, appended in journal order to a memory-mapped file: the key's
 * 64-bit hash, the event id, lane, laneSeq and journal index. Only {@link #durableCount()} records count after
 * a restart: the header says how many were forced to disk, and the lanes' marks (the last record of each lane
 * among them) say where in each journal to resume.
 *
 * <p>Layout: a 4 KiB header (magic, version, durable count, three lane marks), then 40-byte records. The file
 * is mapped in chunks of 2^20 records, added as it grows.
 *
 * <p>One writer at a time (the index's lock); readers on any thread may read a record once they learned its
 * number through a slot published after the record was written.
 */
final class KeyRecords implements AutoCloseable {

    static final int RECORD_BYTES = 40;
    private static final long MAGIC = 0x4846_4B45_5953_3031L; // "HFKEYS01"
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 4096;
    private static final int CHUNK_SHIFT = 20;
    private static final int CHUNK_RECORDS = 1 << CHUNK_SHIFT;
    private static final long CHUNK_BYTES = (long) CHUNK_RECORDS * RECORD_BYTES;
    /** Set in the lane word when the event id is not a canonical UUID: it is then only in the journal. */
    private static final long FOREIGN_ID = 1L << 2;

    private final FileChannel channel;
    private final MappedByteBuffer header;
    private volatile MappedByteBuffer[] chunks = new MappedByteBuffer[0];
    private long count; // guarded by the index's lock
    /** Records written and readable; a slot naming a record at or past it is left over from before a crash. */
    private volatile long visible;
    private long forcedUpTo; // touched by the checkpoint only

    private KeyRecords(FileChannel channel, MappedByteBuffer header, long count) {
        this.channel = channel;
        this.header = header;
        this.count = count;
        this.visible = count;
        this.forcedUpTo = count;
    }

    /** Opens the file, or creates it empty when it is missing or is not a records file of this version. */
    static KeyRecords open(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES);
            header.order(ByteOrder.LITTLE_ENDIAN);
            long count = header.getLong(0) == MAGIC && header.getInt(8) == VERSION ? header.getLong(16) : -1;
            long fileRecords = Math.max(0, (channel.size() - HEADER_BYTES) / RECORD_BYTES);
            if (count < 0 || count > fileRecords) {
                reset(header);
                count = 0;
            }
            KeyRecords records = new KeyRecords(channel, header, count);
            records.ensureChunk(Math.max(0, count - 1));
            return records;
        } catch (IOException e) {
            throw new HoldfastException("cannot open the idempotency records " + file, e);
        }
    }

    private static void reset(MappedByteBuffer header) {
        for (int i = 0; i < 64; i += 8) {
            header.putLong(i, 0);
        }
        header.putLong(0, MAGIC);
        header.putInt(8, VERSION);
        header.putLong(16, 0);
        for (Lane lane : Lane.values()) {
            header.putLong(markAt(lane), -1);
        }
        header.force();
    }

    private static int markAt(Lane lane) {
        return 24 + 8 * lane.ordinal();
    }

    /** Records written so far (durable or not); guarded by the index's lock. */
    long count() {
        return count;
    }

    /** Forgets every record (the index is rebuilt from the journals). */
    void clear() {
        count = 0;
        visible = 0;
        forcedUpTo = 0;
        reset(header);
    }

    /** The durable count and lane marks, as of the last {@link #commit}. */
    long durableCount() {
        return header.getLong(16);
    }

    /** The last durable record of the lane, or -1. */
    long mark(Lane lane) {
        return header.getLong(markAt(lane));
    }

    /** Appends a record and returns its number; call under the index's lock. */
    long append(long keyHash, String eventId, Lane lane, long laneSeq, long journalIndex) {
        long n = count;
        MappedByteBuffer chunk = ensureChunk(n);
        int at = (int) (n & (CHUNK_RECORDS - 1)) * RECORD_BYTES;
        long msb = 0;
        long lsb = 0;
        long laneWord = laneSeq << 3 | lane.ordinal();
        UUID uuid = uuid(eventId);
        if (uuid != null) {
            msb = uuid.getMostSignificantBits();
            lsb = uuid.getLeastSignificantBits();
        } else {
            laneWord |= FOREIGN_ID;
        }
        chunk.putLong(at, keyHash);
        chunk.putLong(at + 8, msb);
        chunk.putLong(at + 16, lsb);
        chunk.putLong(at + 24, laneWord);
        chunk.putLong(at + 32, journalIndex);
        count = n + 1;
        visible = n + 1;
        return n;
    }

    private static UUID uuid(String eventId) {
        if (eventId.length() != 36) {
            return null;
        }
        try {
            UUID u = UUID.fromString(eventId);
            return u.toString().equals(eventId) ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the record is one of those written since the file was opened or counted durable in it. */
    boolean valid(long record) {
        return record < visible;
    }

    long keyHash(long record) {
        return chunk(record).getLong(offset(record));
    }

    Lane lane(long record) {
        return Lane.values()[(int) (chunk(record).getLong(offset(record) + 24) & 3)];
    }

    long laneSeq(long record) {
        return chunk(record).getLong(offset(record) + 24) >>> 3;
    }

    long journalIndex(long record) {
        return chunk(record).getLong(offset(record) + 32);
    }

    /** The event id, or null when it is kept in the journal only (not a canonical UUID). */
    String eventId(long record) {
        MappedByteBuffer c = chunk(record);
        int at = offset(record);
        if ((c.getLong(at + 24) & FOREIGN_ID) != 0) {
            return null;
        }
        return new UUID(c.getLong(at + 8), c.getLong(at + 16)).toString();
    }

    /**
     * Makes the records up to {@code upTo} durable, then the header that counts them and the lanes' marks:
     * after a crash, everything the header counts is on disk.
     */
    void commit(long upTo, long[] marks) {
        MappedByteBuffer[] cs = chunks;
        if (upTo > forcedUpTo) {
            for (long c = forcedUpTo >>> CHUNK_SHIFT; c <= (upTo - 1) >>> CHUNK_SHIFT; c++) {
                long base = c << CHUNK_SHIFT;
                long from = Math.max(forcedUpTo, base) - base;
                long to = Math.min(upTo, base + CHUNK_RECORDS) - base;
                cs[(int) c].force((int) (from * RECORD_BYTES), (int) ((to - from) * RECORD_BYTES));
            }
            forcedUpTo = upTo;
        }
        for (Lane lane : Lane.values()) {
            header.putLong(markAt(lane), marks[lane.ordinal()]);
        }
        header.putLong(16, upTo);
        header.force();
    }

    private MappedByteBuffer chunk(long record) {
        return chunks[(int) (record >>> CHUNK_SHIFT)];
    }

    private static int offset(long record) {
        return (int) (record & (CHUNK_RECORDS - 1)) * RECORD_BYTES;
    }

    private MappedByteBuffer ensureChunk(long record) {
        int c = (int) (record >>> CHUNK_SHIFT);
        MappedByteBuffer[] cs = chunks;
        if (c < cs.length) {
            return cs[c];
        }
        try {
            MappedByteBuffer[] grown = Arrays.copyOf(cs, c + 1);
            for (int i = cs.length; i <= c; i++) {
                grown[i] = channel.map(FileChannel.MapMode.READ_WRITE, HEADER_BYTES + i * CHUNK_BYTES, CHUNK_BYTES);
                grown[i].order(ByteOrder.LITTLE_ENDIAN);
            }
            chunks = grown;
            return grown[c];
        } catch (IOException e) {
            throw new HoldfastException("cannot grow the idempotency records", e);
        }
    }

    /** Bytes of the file the records written so far occupy (header included). */
    long bytesUsed() {
        return HEADER_BYTES + count * RECORD_BYTES;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new HoldfastException("cannot close the idempotency records", e);
        }
    }
}
