package holdfast.edge.sync;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Events the cloud answered for, per second, over all lanes over the last few seconds: the basis of the
 * drain estimates in the status. Half-second buckets in a ring, so memory stays fixed whatever the rate.
 * Thread-safe.
 */
final class SendRate {

    private static final int BUCKETS = 10;
    private static final long BUCKET_NANOS = 500_000_000L;
    /** A rate over less than this is noise (one batch answered a moment ago). */
    private static final long MIN_SPAN_NANOS = 250_000_000L;

    private final LongSupplier nanoTime;
    private final long[] bucketIds = new long[BUCKETS];
    private final long[] counts = new long[BUCKETS];

    SendRate(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        Arrays.fill(bucketIds, Long.MIN_VALUE);
    }

    synchronized void record(long events) {
        long id = Math.floorDiv(nanoTime.getAsLong(), BUCKET_NANOS);
        int i = (int) Math.floorMod(id, (long) BUCKETS);
        if (bucketIds[i] != id) {
            bucketIds[i] = id;
            counts[i] = 0;
        }
        counts[i] += events;
    }

    /** Events per second since the oldest bucket of the window that saw any; 0 when none did. */
    synchronized double perSecond() {
        long now = nanoTime.getAsLong();
        long id = Math.floorDiv(now, BUCKET_NANOS);
        long sum = 0;
        long oldest = id;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketIds[i] > id - BUCKETS && bucketIds[i] <= id && counts[i] > 0) {
                sum += counts[i];
                oldest = Math.min(oldest, bucketIds[i]);
            }
        }
        if (sum == 0) {
            return 0;
        }
        long span = Math.max(MIN_SPAN_NANOS, now - oldest * BUCKET_NANOS);
        return sum * 1e9 / span;
    }
}
