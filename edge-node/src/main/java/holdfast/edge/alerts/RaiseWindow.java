package holdfast.edge.alerts;

import java.time.Duration;

/**
 * When the alerts thread next makes queued raises durable. One that comes alone goes at once; while raises come
 * faster than one per window, the next pass waits for the window since the last pass began, so a steady stream of
 * critical results costs the disk and the database one commit per window, not one per alert. A burst is not
 * held back at all once it queues: raises already queued when a pass begins go in that pass.
 * Times are {@link System#nanoTime()} readings passed in. Thread-safe.
 */
final class RaiseWindow {

    private final long windowNanos;
    private long lastPassAt; // guarded by this
    private boolean passed; // guarded by this
    private long passes; // guarded by this

    RaiseWindow(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative");
        }
        this.windowNanos = window.toNanos();
    }

    /** How long a pass asked for at {@code now} waits: 0 unless the last pass began less than a window ago. */
    synchronized long delayNanos(long now) {
        if (!passed) {
            return 0;
        }
        long since = now - lastPassAt;
        return since >= windowNanos ? 0 : windowNanos - since;
    }

    /** A pass begins at {@code now}. */
    synchronized void passBegins(long now) {
        lastPassAt = now;
        passed = true;
        passes++;
    }

    /** Passes since start: each one database transaction and one critical-lane commit at most. */
    synchronized long passes() {
        return passes;
    }
}
