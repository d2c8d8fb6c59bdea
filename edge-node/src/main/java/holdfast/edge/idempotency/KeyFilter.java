package holdfast.edge.idempotency;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Bloom filter over every idempotency key ever journaled, so that a new key (the common case) is
 * recognised as new without a database query. "Might contain" answers go to the database; "does not
 * contain" is certain. Sized for {@code expectedKeys} at about 1 % false positives; beyond that the false
 * positive rate grows, which costs queries, never correctness. Thread-safe (lock-free bit sets).
 */
final class KeyFilter {

    private static final int HASHES = 7;

    private final AtomicLongArray bits;
    private final long bitCount;

    KeyFilter(long expectedKeys) {
        // m = -n ln p / (ln 2)^2 with p = 0.01 -> about 9.6 bits per key.
        long m = Math.max(1024, (long) Math.ceil(expectedKeys * 9.6));
        this.bitCount = ((m + 63) / 64) * 64;
        this.bits = new AtomicLongArray((int) (bitCount / 64));
    }

    void add(String key) {
        long h1 = hash(key, 0x9E3779B97F4A7C15L);
        long h2 = hash(key, 0xC2B2AE3D27D4EB4FL) | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = Math.floorMod(h1 + i * h2, bitCount);
            int word = (int) (bit >>> 6);
            long mask = 1L << (bit & 63);
            long current;
            while (((current = bits.get(word)) & mask) == 0) {
                if (bits.compareAndSet(word, current, current | mask)) {
                    break;
                }
            }
        }
    }

    boolean mightContain(String key) {
        long h1 = hash(key, 0x9E3779B97F4A7C15L);
        long h2 = hash(key, 0xC2B2AE3D27D4EB4FL) | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = Math.floorMod(h1 + i * h2, bitCount);
            if ((bits.get((int) (bit >>> 6)) & (1L << (bit & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    private static long hash(String key, long seed) {
        return KeyHash.of(key, seed);
    }
}
