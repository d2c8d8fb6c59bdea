package holdfast.edge.sync;

import java.time.Duration;

/**
 * The most events per second the node sends over all lanes, so that many nodes draining their backlogs after
 * an outage do not flatten the cloud. A reservation clock: each batch books its share of time and waits
 * until its slot; up to one second of unused rate may be spent at once. Thread-safe.
 */
final class DrainRate {

    private final int perSecond;
    private long nextFreeNanos = System.nanoTime();

    DrainRate(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Waits until {@code events} more may be sent (at once when unlimited). */
    void acquire(int events, UpstreamLink link) throws InterruptedException {
        if (perSecond <= 0) {
            return;
        }
        long wait = reserve(events);
        if (wait > 0) {
            link.pause(Duration.ofNanos(wait));
        }
    }

    private synchronized long reserve(int events) {
        long now = System.nanoTime();
        long start = Math.max(nextFreeNanos, now - 1_000_000_000L);
        nextFreeNanos = start + events * (1_000_000_000L / perSecond);
        return start - now;
    }
}
