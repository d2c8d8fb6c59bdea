package holdfast.edge.sync;

import holdfast.shared.envelope.Lane;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Lane priority across the independent lane workers: a lane sends only when no more urgent lane has backlog,
 * except that it always gets one batch through every {@code maxWait}, so the batch lane never starves
 * entirely. Backlog is read live from each worker. Thread-safe.
 */
final class LaneScheduler {

    private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

    private final Map<Lane, BooleanSupplier> backlog = new EnumMap<>(Lane.class);
    private final long[] lastSentNanos = new long[Lane.values().length];
    private final long maxWaitNanos;

    LaneScheduler(Duration maxWait) {
        this.maxWaitNanos = maxWait.toNanos();
        long now = System.nanoTime();
        for (Lane lane : Lane.values()) {
            backlog.put(lane, () -> false);
            // As if every lane had just sent: right after start-up (or an outage) a lower lane waits its turn
            // behind critical backlog instead of slipping a first batch in ahead of it.
            lastSentNanos[lane.ordinal()] = now;
        }
    }

    synchronized void register(Lane lane, BooleanSupplier hasBacklog) {
        backlog.put(lane, hasBacklog);
    }

    /** Waits until {@code lane} may send its next batch. */
    void awaitTurn(Lane lane, UpstreamLink link) throws InterruptedException {
        while (!link.closed()) {
            long waited = System.nanoTime() - lastSent(lane);
            if (!moreUrgentHasBacklog(lane) || waited >= maxWaitNanos) {
                sent(lane);
                return;
            }
            link.pause(Duration.ofNanos(Math.min(POLL_NANOS, maxWaitNanos - waited)));
        }
    }

    private synchronized long lastSent(Lane lane) {
        return lastSentNanos[lane.ordinal()];
    }

    private synchronized void sent(Lane lane) {
        lastSentNanos[lane.ordinal()] = System.nanoTime();
    }

    private boolean moreUrgentHasBacklog(Lane lane) {
        for (Lane other : Lane.values()) {
            if (other.ordinal() < lane.ordinal() && backlogOf(other).getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    private synchronized BooleanSupplier backlogOf(Lane lane) {
        return backlog.get(lane);
    }
}
