package holdfast.edge.tls;

import holdfast.edge.threads.ThreadFailures;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an accepted TCP connection into a server-side TLS connection for a plain socket listener (MLLP).
 * The handshake has a hard deadline: the socket is closed when it has not completed in time, so neither a
 * plain-text client nor one that stalls (or dribbles bytes) holds a connection slot for long. Failed
 * handshakes are counted; the first is logged (without content), the rest only at debug, since a scan or a
 * misconfigured sender fails one per connection. Thread-safe; one instance per listener.
 */
public final class TlsAcceptor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TlsAcceptor.class);

    private final ServerTls tls;
    private final String listener;
    private final LongAdder failures;
    private final ScheduledThreadPoolExecutor deadlines;
    private final AtomicBoolean loggedOnce = new AtomicBoolean();

    /**
     * @param listener name in logs ({@code mllp})
     * @param failures incremented once per failed handshake (a metric)
     * @param threadFailures where the deadline thread reports its own failures
     */
    public TlsAcceptor(ServerTls tls, String listener, LongAdder failures, ThreadFailures threadFailures) {
        this.tls = tls;
        this.listener = listener;
        this.failures = failures;
        this.deadlines = new ScheduledThreadPoolExecutor(1,
                threadFailures.factory(listener + "-tls-deadline"));
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs the server side of the handshake on the calling thread.
     *
     * @return the TLS socket to talk over, or empty when the handshake failed (already logged and counted;
     *         the caller closes {@code raw})
     */
    public Optional<SSLSocket> handshake(Socket raw) {
        Duration timeout = tls.settings().handshakeTimeout();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            expired.set(true);
            closeQuietly(raw);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            SSLSocket socket = (SSLSocket) tls.context().getSocketFactory().createSocket(raw, null, true);
            socket.setSSLParameters(tls.parameters());
            socket.startHandshake();
            return Optional.of(socket);
        } catch (IOException e) {
            failures.increment();
            // The exception says what went wrong in the handshake (unknown CA, not TLS, ...); it carries no payload.
            String reason = expired.get() ? "timeout after " + timeout.toMillis() + " ms" : e.toString();
            if (loggedOnce.compareAndSet(false, true)) {
                LOG.warn("event=tls.handshake_failed listener={} peerPort={} reason=\"{}\" note=\"logged once; every one "
                        + "is counted in holdfast_tls_handshake_failures_total\"", listener, raw.getPort(), reason);
            } else {
                LOG.debug("event=tls.handshake_failed listener={} peerPort={} reason=\"{}\"", listener, raw.getPort(),
                        reason);
            }
            return Optional.empty();
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway; nothing to do
        }
    }
}
