package holdfast.edge.ingest.hl7;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * One connection's reads, timed, for the idle timeout: a read that has waited for bytes longer than the timeout
 * is ended by {@link #expireIfWaitingSince} (from the listener's periodic sweep), which closes the connection.
 * The same rule as a socket read timeout (time spent handling a frame does not count), without its cost: on a
 * virtual thread every read with a timeout schedules a timer and cancels it, a hand-off to the scheduler's timer
 * thread for each frame. Reads on the connection's thread, the sweep on another: thread-safe.
 */
final class IdleWatch extends FilterInputStream {

    private static final long NOT_READING = Long.MIN_VALUE;

    private final AutoCloseable connection;
    private final LongSupplier nanoClock;
    private volatile long waitingSince = NOT_READING;
    private volatile boolean expired;

    /**
     * @param connection what to close when a read has waited too long (the accepted TCP socket)
     * @param nanoClock  {@link System#nanoTime}, or a test's clock
     */
    IdleWatch(InputStream in, AutoCloseable connection, LongSupplier nanoClock) {
        super(in);
        this.connection = connection;
        this.nanoClock = nanoClock;
    }

    @Override
    public int read() throws IOException {
        waitingSince = nanoClock.getAsLong();
        try {
            return in.read();
        } finally {
            waitingSince = NOT_READING;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        waitingSince = nanoClock.getAsLong();
        try {
            return in.read(b, off, len);
        } finally {
            waitingSince = NOT_READING;
        }
    }

    /**
     * Closes the connection if a read is waiting and began no later than {@code deadline} (on the watch's clock);
     * says whether it did.
     */
    boolean expireIfWaitingSince(long deadline) {
        long since = waitingSince;
        if (since == NOT_READING || since - deadline > 0) {
            return false;
        }
        expired = true;
        try {
            connection.close();
        } catch (Exception e) {
            // closing anyway; the read ends either way
        }
        return true;
    }

    /** Whether a read is waiting for bytes now. */
    boolean waiting() {
        return waitingSince != NOT_READING;
    }

    /** Whether the connection was closed for waiting too long (its read then fails or ends). */
    boolean expired() {
        return expired;
    }
}
