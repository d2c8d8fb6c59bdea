package holdfast.edge.idempotency;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongConsumer;

/**
 * The open-addressing hash table over {@link KeyRecords}: one 8-byte slot per key, holding 24 bits of the
 * key's hash (so that most probes are settled without reading a record) and the record number. Linear probing,
 * at most three quarters full; a full table is replaced by one twice its size. On the heap and never written to
 * disk: it is rebuilt from the records at start, and starts small (a node's first keys fit in a few hundred KB).
 *
 * <p>Two other homes were measured and left. A memory-mapped file: every first write to one of its pages, and
 * again after each writeback, faulted into the file system on the lane writer's thread, which cost more than
 * the rest of the index. Direct memory sized for the expected keys up front: the integration tests, which
 * start many nodes in one JVM, ran out of it.
 *
 * <p>One writer at a time (the index's lock); lock-free readers: a slot is published with release semantics
 * after its record is written, and read with acquire semantics.
 */
final class KeySlots {

    private static final int FINGERPRINT_BITS = 24;
    private static final long RECORD_MASK = (1L << (64 - FINGERPRINT_BITS)) - 1;
    private static final long MAX_SLOTS = Integer.MAX_VALUE - 8;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] table;
    private final long capacity;
    private long used; // guarded by the index's lock

    private KeySlots(long capacity) {
        this.capacity = capacity;
        this.table = new long[(int) capacity];
    }

    /** Slots needed to hold {@code keys} at most three quarters full. */
    static long slotsFor(long keys) {
        return Math.min(MAX_SLOTS, Math.max(1024, keys + keys / 3 + 1));
    }

    /** A new, empty table of {@code capacity} slots. */
    static KeySlots create(long capacity) {
        return new KeySlots(Math.min(MAX_SLOTS, Math.max(1024, capacity)));
    }

    long capacity() {
        return capacity;
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
        int slot = home(keyHash);
        long current;
        while ((current = (long) SLOTS.getAcquire(table, slot)) != 0) {
            if (current == value) {
                return;
            }
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
        SLOTS.setRelease(table, slot, value);
        used++;
    }

    /** Calls {@code records} with every record number whose slot matches the hash's fingerprint. */
    void candidates(long keyHash, LongConsumer records) {
        long fingerprint = keyHash & fingerprintMask();
        int slot = home(keyHash);
        long current;
        while ((current = (long) SLOTS.getAcquire(table, slot)) != 0) {
            if (current >>> (64 - FINGERPRINT_BITS) == fingerprint) {
                records.accept((current & RECORD_MASK) - 1);
            }
            slot = slot + 1 == capacity ? 0 : slot + 1;
        }
    }

    private static long fingerprintMask() {
        return (1L << FINGERPRINT_BITS) - 1;
    }

    private int home(long keyHash) {
        // The high bits pick the slot, the low bits are the fingerprint: the two do not overlap.
        return (int) Math.unsignedMultiplyHigh(keyHash, capacity);
    }

    /** Bytes of slots (on the heap). */
    long bytes() {
        return capacity * 8;
    }
}
