package holdfast.edge.sync;

import holdfast.shared.api.UpstreamStatus;
import io.helidon.faulttolerance.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one view of the link to the cloud that every lane worker and the {@link LinkProbe} share: its state
 * (CONNECTING, CONNECTED, DISCONNECTED, UNAUTHORIZED), why it is in trouble ({@link UpstreamTrouble}), the last
 * success and last error, and every wait a worker does (backoff, Retry-After, the stop after 401/403).
 *
 * <p>The link is <em>lost</em> from start-up until the first answer, and again whenever the cloud cannot be
 * reached, is busy or refuses our credentials. The first success after that is the cloud's <em>return</em>: the
 * {@code onReturn} hook runs (the lane scheduler notes the backlog to send critical first), the breaker closes
 * and every wait ends at once, so no lane sits out the rest of a backoff that grew during the outage. An
 * operator's retry also ends every wait. Thread-safe.
 */
final class UpstreamLink {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamLink.class);

    /** Link states as {@code GET /api/v1/status} shows them in {@code upstream.state}. */
    enum State { CONNECTING, CONNECTED, DISCONNECTED, UNAUTHORIZED }

    private final Clock clock;
    private final Duration authRetryInterval;
    private final CircuitBreaker breaker;
    private final Runnable onReturn;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.CONNECTING;
    private UpstreamTrouble trouble;
    private boolean lost = true;
    private Duration retryAfter;
    private long busyUntilNanos;
    private Instant lastSuccessAt;
    private Instant lastContactAt;
    private Instant returnedAt;
    private String lastError;
    private long stoppedUntilNanos;
    private long generation;
    private boolean closed;

    /** @param onReturn runs under the link's lock when the cloud answers after the link was lost; must be quick */
    UpstreamLink(Clock clock, Duration authRetryInterval, CircuitBreaker breaker, Runnable onReturn) {
        this.clock = clock;
        this.authRetryInterval = authRetryInterval;
        this.breaker = breaker;
        this.onReturn = onReturn;
    }

    void succeeded() {
        lock.lock();
        try {
            if (lost) {
                // Note the backlog before anyone wakes, so no lower lane slips a batch in ahead of critical.
                onReturn.run();
                lost = false;
                returnedAt = clock.instant();
                generation++;
                breaker.state(CircuitBreaker.State.CLOSED);
                changed.signalAll();
                LOG.info("event=upstream.returned previous={} trouble={}", state, trouble);
            } else if (state != State.CONNECTED) {
                LOG.info("event=upstream.connected previous={}", state);
            }
            state = State.CONNECTED;
            trouble = null;
            retryAfter = null;
            busyUntilNanos = 0;
            lastSuccessAt = clock.instant();
            lastContactAt = lastSuccessAt;
            lastError = null;
        } finally {
            lock.unlock();
        }
    }

    /** A transient failure: what it says about the link depends on its {@link UpstreamTrouble}. */
    void failed(SyncOutcome.Retry retry) {
        failed(retry.trouble(), retry.reason(), retry.after());
    }

    /** A failure of our own making (a worker error): the batch failed, the link is not judged by it. */
    void failed(String reason) {
        failed(UpstreamTrouble.FAILING, reason, null);
    }

    private void failed(UpstreamTrouble what, String reason, Duration after) {
        lock.lock();
        try {
            if (state == State.UNAUTHORIZED && System.nanoTime() < stoppedUntilNanos) {
                return; // another lane's transport failure must not hide the auth stop
            }
            if (lost && trouble != null && !what.lost()) {
                return; // one lane's failed batch (or an open breaker) says nothing about a lost link coming back
            }
            // Once per change of trouble at WARN; the retries behind it only at DEBUG.
            if (state != State.DISCONNECTED || trouble != what) {
                LOG.warn("event=upstream.failed previous={} trouble={} reason=\"{}\"", state, what, reason);
            } else {
                LOG.debug("event=upstream.failed trouble={} reason=\"{}\"", what, reason);
            }
            state = State.DISCONNECTED;
            trouble = what;
            lost = what.lost();
            lastError = reason;
            retryAfter = after;
            busyUntilNanos = after == null ? 0 : System.nanoTime() + after.toNanos();
        } finally {
            lock.unlock();
        }
    }

    void unauthorized(String reason) {
        lock.lock();
        try {
            state = State.UNAUTHORIZED;
            trouble = UpstreamTrouble.UNAUTHORIZED;
            lost = true;
            retryAfter = null;
            stoppedUntilNanos = System.nanoTime() + authRetryInterval.toNanos();
            Instant next = clock.instant().plus(authRetryInterval);
            lastError = reason + "; sending stopped until " + next + " or POST /api/v1/upstream/retry";
            lastContactAt = clock.instant();
            LOG.error("event=upstream.unauthorized reason=\"{}\" retryAt={}", reason, next);
        } finally {
            lock.unlock();
        }
    }

    /** Blocks while sending is stopped after a 401/403 (until the interval passes or an operator retries). */
    void awaitAuthorized() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && state == State.UNAUTHORIZED) {
                long left = stoppedUntilNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code delay}, or less if the cloud returns, an operator retries or the link closes. */
    void pause(Duration delay) throws InterruptedException {
        lock.lock();
        try {
            long start = generation;
            long deadline = System.nanoTime() + delay.toNanos();
            long left;
            while (!closed && generation == start && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends every wait now: backoff, Retry-After, open breaker, the stop after 401/403; the probe goes at once. */
    void retryNow() {
        lock.lock();
        try {
            generation++;
            stoppedUntilNanos = 0;
            busyUntilNanos = 0;
            if (state == State.UNAUTHORIZED) {
                state = State.CONNECTING;
            }
            breaker.state(CircuitBreaker.State.CLOSED);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.info("event=upstream.retry_requested");
    }

    /**
     * True when the probe should ask the cloud now: while the link is lost (not before a busy cloud's Retry-After
     * nor during the stop after 401/403), and on a connected but idle link every {@code idleInterval}. Never while
     * the cloud answers our batches with errors: that is the lanes' backoff to pace.
     */
    boolean probeDue(Duration idleInterval) {
        lock.lock();
        try {
            long now = System.nanoTime();
            if (closed) {
                return false;
            }
            if (state == State.UNAUTHORIZED) {
                return now - stoppedUntilNanos >= 0;
            }
            if (lost) {
                return busyUntilNanos == 0 || now - busyUntilNanos >= 0;
            }
            return state == State.CONNECTED
                    && (lastContactAt == null || lastContactAt.plus(idleInterval).isBefore(clock.instant()));
        } finally {
            lock.unlock();
        }
    }

    /** True while the cloud cannot be reached, is busy or refuses us, or has not answered since start-up. */
    boolean lost() {
        lock.lock();
        try {
            return lost;
        } finally {
            lock.unlock();
        }
    }

    boolean connected() {
        lock.lock();
        try {
            return state == State.CONNECTED;
        } finally {
            lock.unlock();
        }
    }

    /** When the cloud last came back after the link was lost, or null. */
    Instant returnedAt() {
        lock.lock();
        try {
            return returnedAt;
        } finally {
            lock.unlock();
        }
    }

    UpstreamStatus status() {
        lock.lock();
        try {
            return new UpstreamStatus(state.name(), lastSuccessAt, lastError, trouble == null ? null : trouble.name(),
                    retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
