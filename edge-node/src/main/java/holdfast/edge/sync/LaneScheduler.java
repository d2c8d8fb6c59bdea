package holdfast.edge.sync;

import holdfast.shared.envelope.Lane;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lane priority across the independent lane workers.
 *
 * <p>Normally a lane sends only when no more urgent lane has backlog, except that it always gets one batch
 * through every {@code maxWait}, so the batch lane never starves entirely.
 *
 * <p>Around an outage the rule is stricter: while the link is lost and the critical lane has backlog, standard
 * and batch do not try at all (their try might be the one that finds the cloud back); and when the cloud
 * returns, the critical backlog of that moment is noted, and standard and batch send nothing, whatever their
 * wait, until the cloud has answered for all of it. The backlog of every lane at the return is noted too, for
 * the DRAINING mode. Backlog is read live from each lane.
 *
 * <p>Time comes from an injected nanosecond source. Thread-safe; no method blocks while holding its monitor.
 */
final class LaneScheduler {

    private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();
    /** While the link is lost nothing moves but the return, and the return ends every wait at once. */
    private static final long LOST_POLL_NANOS = Duration.ofMillis(100).toNanos();

    /** What the scheduler reads of a lane. */
    interface LaneView {
        boolean hasBacklog();

        /** Highest laneSeq in the journal. */
        long appendedSeq();

        /** Highest laneSeq the cloud has answered for. */
        long syncedSeq();
    }

    private static final LaneView EMPTY = new LaneView() {
        @Override
        public boolean hasBacklog() {
            return false;
        }

        @Override
        public long appendedSeq() {
            return 0;
        }

        @Override
        public long syncedSeq() {
            return 0;
        }
    };

    private final LaneView[] lanes = new LaneView[Lane.values().length];
    private final long[] lastSentNanos = new long[Lane.values().length];
    private final long[] returnMarks = new long[Lane.values().length];
    private final long maxWaitNanos;
    private final LongSupplier nanoTime;

    LaneScheduler(Duration maxWait, LongSupplier nanoTime) {
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        for (Lane lane : Lane.values()) {
            lanes[lane.ordinal()] = EMPTY;
            // As if every lane had just sent: right after start-up a lower lane waits its turn behind critical
            // backlog instead of slipping a first batch in ahead of it.
            lastSentNanos[lane.ordinal()] = now;
        }
    }

    synchronized void register(Lane lane, LaneView view) {
        lanes[lane.ordinal()] = view;
    }

    /** The cloud answered after the link was lost: note every lane's backlog of this moment. */
    synchronized void linkReturned() {
        for (Lane lane : Lane.values()) {
            LaneView view = lanes[lane.ordinal()];
            returnMarks[lane.ordinal()] = view.appendedSeq() > view.syncedSeq() ? view.appendedSeq() : 0;
        }
    }

    /** True while some lane still holds events it held when the cloud last returned. */
    synchronized boolean draining() {
        for (Lane lane : Lane.values()) {
            if (lanes[lane.ordinal()].syncedSeq() < returnMarks[lane.ordinal()]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Nanoseconds until {@code lane} may try to send at all (0: now): the outage rules only, no turn taken. Every
     * retry of a failed batch asks this first.
     */
    synchronized long untilClear(Lane lane, boolean linkLost) {
        if (lane == Lane.CRITICAL) {
            return 0;
        }
        LaneView critical = lanes[Lane.CRITICAL.ordinal()];
        if (linkLost && critical.hasBacklog()) {
            return LOST_POLL_NANOS;
        }
        if (critical.syncedSeq() < returnMarks[Lane.CRITICAL.ordinal()]) {
            return POLL_NANOS;
        }
        return 0;
    }

    /**
     * Nanoseconds until {@code lane} may send its next batch; 0 means now, and the turn is taken (counted as a
     * send for the {@code maxWait} rule).
     */
    synchronized long tryTurn(Lane lane, boolean linkLost) {
        long clear = untilClear(lane, linkLost);
        if (clear > 0) {
            return clear;
        }
        long now = nanoTime.getAsLong();
        long waited = now - lastSentNanos[lane.ordinal()];
        if (!moreUrgentHasBacklog(lane) || waited >= maxWaitNanos) {
            lastSentNanos[lane.ordinal()] = now;
            return 0;
        }
        return Math.min(POLL_NANOS, maxWaitNanos - waited);
    }

    /** Waits until {@code lane} may send its next batch (returns at once when the link closes). */
    void awaitTurn(Lane lane, UpstreamLink link) throws InterruptedException {
        long wait;
        while (!link.closed() && (wait = tryTurn(lane, link.lost())) > 0) {
            link.pause(Duration.ofNanos(wait));
        }
    }

    /** Waits until {@code lane} may try again after a failure (returns at once when the link closes). */
    void awaitClear(Lane lane, UpstreamLink link) throws InterruptedException {
        long wait;
        while (!link.closed() && (wait = untilClear(lane, link.lost())) > 0) {
            link.pause(Duration.ofNanos(wait));
        }
    }

    private boolean moreUrgentHasBacklog(Lane lane) {
        for (Lane other : Lane.values()) {
            if (other.ordinal() < lane.ordinal() && lanes[other.ordinal()].hasBacklog()) {
                return true;
            }
        }
        return false;
    }
}
