package holdfast.edge.idempotency;

import java.nio.charset.StandardCharsets;

/** A 64-bit hash of an idempotency key (FNV-1a with a seed, murmur finaliser); not cryptographic. */
final class KeyHash {
    static final long INDEX_SEED = 0x5851F42D4C957F2DL;

    private KeyHash() {
    }

    static long of(String key, long seed) {
        long h = seed ^ 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe1a85ec3L;
        return h ^ (h >>> 33);
    }
}
