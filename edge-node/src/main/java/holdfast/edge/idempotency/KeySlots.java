package holdfast.edge.idempotency;

import holdfast.edge.HoldfastException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/**
 * The open-addressing hash table over {@link KeyRecords}: one 8-byte slot per key, holding 24 bits of the
 * key's hash (so that most probes are settled without reading a record) and the record number. Linear probing,
 * at most three quarters full; a full table is replaced by one twice its size. Memory-mapped, so a restart
 * finds it ready: the header says up to which record it is known to be complete on disk.
 *
 * <p>One writer at a time (the index's lock); lock-free readers: a slot is published with release semantics
 * after its record is written, and read with acquire semantics.
 */
final class KeySlots implements AutoCloseable {

    private static final long MAGIC = 0x4846_534C_4F54_3031L; // "HFSLOT01"
    private static final int HEADER_BYTES = 4096;
    private static final int FINGERPRINT_BITS = 24;
    private static final long RECORD_MASK = (1L << (64 - FINGERPRINT_BITS)) - 1;
    private static final long MAX_SLOTS = (Integer.MAX_VALUE - HEADER_BYTES) / 8;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final long capacity;
    private long used; // guarded by the index's lock

    private KeySlots(Path file, FileChannel channel, MappedByteBuffer map, long capacity, long used) {
        this.file = file;
        this.channel = channel;
        this.map = map;
        this.capacity = capacity;
        this.used = used;
    }

    /** Slots needed to hold {@code keys} at most three quarters full. */
    static long slotsFor(long keys) {
        return Math.min(MAX_SLOTS, Math.max(1024, keys + keys / 3 + 1));
    }

    /** The table in {@code file}, or null when there is none or it is not one of this format. */
    static KeySlots openExisting(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel probe = FileChannel.open(file, StandardOpenOption.READ)) {
            if (probe.size() < HEADER_BYTES) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        KeySlots slots = map(file);
        if (slots.map.getLong(0) != MAGIC || slots.capacity < 1024 || slots.capacity > MAX_SLOTS) {
            slots.close();
            return null;
        }
        // Slots added after the last commit may be on disk too (a kill -9 keeps the page cache): count them all.
        long used = 0;
        for (long slot = 0; slot < slots.capacity; slot++) {
            if (slots.map.getLong(offset(slot)) != 0) {
                used++;
            }
        }
        slots.used = used;
        return slots;
    }

    /** A new, empty table of {@code capacity} slots in {@code file} (replacing whatever was there). */
    static KeySlots create(Path file, long capacity) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new HoldfastException("cannot replace the idempotency slots " + file, e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.putLong(0, MAGIC).putLong(8, capacity).putLong(16, 0).putLong(24, 0);
            channel.write(header, 0);
            // Sparse: only the pages slots land on take disk and memory.
            channel.write(java.nio.ByteBuffer.allocate(8), HEADER_BYTES + capacity * 8 - 8);
        } catch (IOException e) {
            throw new HoldfastException("cannot create the idempotency slots " + file, e);
        }
        return map(file);
    }

    private static KeySlots map(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_ONLY, 0, HEADER_BYTES);
            long capacity = header.order(ByteOrder.LITTLE_ENDIAN).getLong(8);
            if (capacity < 1024 || capacity > MAX_SLOTS || channel.size() < HEADER_BYTES + capacity * 8) {
                // Not a table of ours (or cut short): kept mapped small only so that openExisting can say so.
                return new KeySlots(file, channel, header, -1, 0);
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES + capacity * 8);
            map.order(ByteOrder.LITTLE_ENDIAN);
            return new KeySlots(file, channel, map, capacity, map.getLong(24));
        } catch (IOException e) {
            throw new HoldfastException("cannot map the idempotency slots " + file, e);
        }
    }

    long capacity() {
        return capacity;
    }

    /** Records up to this number were all in the table when it was last made durable. */
    long coveredUpTo() {
        return map.getLong(16);
    }

    /** Whether another key fits without passing three quarters full. */
    boolean hasRoomForOneMore() {
        return (used + 1) * 4 <= capacity * 3;
    }

    /**
     * Adds the record for the hash unless a slot already holds that record number; call under the index's
     * lock, after the record itself is written.
     */
    void insert(long keyHash, long record) {
        long value = (keyHash & fingerprintMask()) << (64 - FINGERPRINT_BITS) | (record + 1);
        long slot = home(keyHash);
        long current;
        while ((current = (long) LONGS.getAcquire(map, offset(slot))) != 0) {
            if (current == value) {
                return;
            }
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
        LONGS.setRelease(map, offset(slot), value);
        used++;
    }

    /** Calls {@code records} with every record number whose slot matches the hash's fingerprint. */
    void candidates(long keyHash, LongConsumer records) {
        long fingerprint = keyHash & fingerprintMask();
        long slot = home(keyHash);
        long current;
        while ((current = (long) LONGS.getAcquire(map, offset(slot))) != 0) {
            if (current >>> (64 - FINGERPRINT_BITS) == fingerprint) {
                records.accept((current & RECORD_MASK) - 1);
            }
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
    }

    private static long fingerprintMask() {
        return (1L << FINGERPRINT_BITS) - 1;
    }

    private long home(long keyHash) {
        // The high bits pick the slot, the low bits are the fingerprint: the two do not overlap.
        return Math.unsignedMultiplyHigh(keyHash, capacity);
    }

    private static int offset(long slot) {
        return (int) (HEADER_BYTES + slot * 8);
    }

    /** Makes every slot durable, then records that the table holds every record below {@code upTo}. */
    void commit(long upTo) {
        map.force(HEADER_BYTES, (int) (capacity * 8));
        map.putLong(16, upTo);
        map.putLong(24, used);
        map.force(0, HEADER_BYTES);
    }

    /** Moves {@code replacement} (a table built aside) over this file: the next start maps the new one. */
    static void replace(KeySlots replacement, Path target) {
        try {
            Files.move(replacement.file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new HoldfastException("cannot replace the idempotency slots " + target, e);
        }
    }

    /** Bytes of slots (what the table keeps resident once it is warm). */
    long bytes() {
        return capacity * 8;
    }

    long used() {
        return used;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new HoldfastException("cannot close the idempotency slots", e);
        }
    }
}
