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
 * The state of the link to the cloud as all lane workers see it (CONNECTING, CONNECTED, DISCONNECTED,
 * UNAUTHORIZED), the last success and last error, and every wait a worker does (backoff, Retry-After, the stop
 * after 401/403). An operator's retry ends all those waits at once and closes the breaker. Thread-safe.
 */
final class UpstreamLink {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamLink.class);

    /** Link states as {@code GET /api/v1/status} shows them in {@code upstream.state}. */
    enum State { CONNECTING, CONNECTED, DISCONNECTED, UNAUTHORIZED }

    private final Clock clock;
    private final Duration authRetryInterval;
    private final CircuitBreaker breaker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.CONNECTING;
    private Instant lastSuccessAt;
    private Instant lastContactAt;
    private String lastError;
    private long stoppedUntilNanos;
    private long generation;
    private boolean closed;

    UpstreamLink(Clock clock, Duration authRetryInterval, CircuitBreaker breaker) {
        this.clock = clock;
        this.authRetryInterval = authRetryInterval;
        this.breaker = breaker;
    }

    void succeeded() {
        lock.lock();
        try {
            if (state != State.CONNECTED) {
                LOG.info("event=upstream.connected previous={}", state);
            }
            state = State.CONNECTED;
            lastSuccessAt = clock.instant();
            lastContactAt = lastSuccessAt;
            lastError = null;
        } finally {
            lock.unlock();
        }
    }

    void failed(String reason) {
        lock.lock();
        try {
            if (state == State.UNAUTHORIZED && System.nanoTime() < stoppedUntilNanos) {
                return; // another lane's transport failure must not hide the auth stop
            }
            // Once per outage at WARN; the retries behind it (every backoff step) only at DEBUG.
            if (state != State.DISCONNECTED) {
                LOG.warn("event=upstream.failed previous={} reason=\"{}\"", state, reason);
            } else {
                LOG.debug("event=upstream.failed reason=\"{}\"", reason);
            }
            state = State.DISCONNECTED;
            lastError = reason;
        } finally {
            lock.unlock();
        }
    }

    void unauthorized(String reason) {
        lock.lock();
        try {
            state = State.UNAUTHORIZED;
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

    /** Waits {@code delay}, or less if an operator retries or the link closes. */
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

    /** Ends every wait now: backoff, Retry-After, open breaker, the stop after 401/403. */
    void retryNow() {
        lock.lock();
        try {
            generation++;
            stoppedUntilNanos = 0;
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

    /** True when the idle node should check that the cloud still answers. */
    boolean probeDue(Duration interval) {
        lock.lock();
        try {
            if (state == State.UNAUTHORIZED) {
                return System.nanoTime() - stoppedUntilNanos >= 0; // an idle node also tries again after the stop
            }
            return state != State.CONNECTED || lastContactAt == null
                    || lastContactAt.plus(interval).isBefore(clock.instant());
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

    UpstreamStatus status() {
        lock.lock();
        try {
            return new UpstreamStatus(state.name(), lastSuccessAt, lastError);
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
