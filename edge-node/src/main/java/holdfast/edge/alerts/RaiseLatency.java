package holdfast.edge.alerts;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * How long alerts took to be durable (journaled) after their reading was: count, total and worst, plus how many took
 * longer than the 100 ms the ward is promised. Exposed as metrics; thread-safe.
 */
final class RaiseLatency {

    static final long PROMISE_NANOS = 100_000_000L;

    private final LongAdder count = new LongAdder();
    private final LongAdder totalMicros = new LongAdder();
    private final AtomicLong maxMicros = new AtomicLong();
    private final LongAdder late = new LongAdder();
    private final LongConsumer histogram;

    RaiseLatency(LongConsumer histogram) {
        this.histogram = histogram;
    }

    void record(long nanos) {
        count.increment();
        totalMicros.add(nanos / 1_000);
        maxMicros.accumulateAndGet(nanos / 1_000, Math::max);
        if (nanos > PROMISE_NANOS) {
            late.increment();
        }
        histogram.accept(nanos);
    }

    public long count() {
        return count.sum();
    }

    public long totalMicros() {
        return totalMicros.sum();
    }

    public long maxMicros() {
        return maxMicros.get();
    }

    /** Alerts raised more than 100 ms after their reading was durable. */
    public long late() {
        return late.sum();
    }
}
