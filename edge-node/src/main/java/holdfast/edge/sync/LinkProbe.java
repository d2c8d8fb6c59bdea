package holdfast.edge.sync;

import holdfast.edge.threads.ThreadFailures;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds out that the cloud is back: while the link is lost, a cheap {@link Upstream#probe()} every
 * {@code interval} (jittered by a quarter either way, so that many wards do not probe in step), never before a
 * busy cloud's Retry-After; on a connected, idle link one every {@code idleInterval}. Its first success wakes
 * every lane at once (see {@link UpstreamLink#succeeded()}). Runs on its own thread with its own upstream
 * connection, so a lane stuck in a long request never delays noticing the return.
 *
 * <p>Thread-safety: {@link #run} on its own thread only.
 */
final class LinkProbe implements Runnable {

    private final Upstream upstream;
    private final UpstreamLink link;
    private final Duration interval;
    private final Duration idleInterval;
    private final ThreadFailures failures;

    LinkProbe(Upstream upstream, UpstreamLink link, Duration interval, Duration idleInterval) {
        this(upstream, link, interval, idleInterval, ThreadFailures.unexposed());
    }

    LinkProbe(Upstream upstream, UpstreamLink link, Duration interval, Duration idleInterval,
              ThreadFailures failures) {
        this.failures = failures;
        this.upstream = upstream;
        this.link = link;
        this.interval = interval;
        this.idleInterval = idleInterval;
    }

    @Override
    public void run() {
        try {
            while (!link.closed()) {
                if (link.probeDue(idleInterval)) {
                    probeOnce();
                }
                link.pause(jittered());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void probeOnce() throws InterruptedException {
        SyncOutcome outcome;
        try {
            outcome = upstream.probe();
        } catch (RuntimeException e) {
            // Top of the probe: report it, count it as a failed call, and probe again next round.
            failures.failed(SyncService.PROBE_THREAD, e);
            link.failed("link probe error: " + e.getMessage());
            return;
        }
        switch (outcome) {
            case SyncOutcome.Answered a -> link.succeeded();
            case SyncOutcome.Split s -> link.succeeded(); // it refused an empty batch's shape, but it answered
            case SyncOutcome.Retry r -> link.failed(r);
            case SyncOutcome.Fatal f -> link.unauthorized(f.reason());
        }
    }

    private Duration jittered() {
        long ms = interval.toMillis();
        long quarter = Math.max(1, ms / 4);
        return Duration.ofMillis(ms - quarter + ThreadLocalRandom.current().nextLong(2 * quarter + 1));
    }
}
