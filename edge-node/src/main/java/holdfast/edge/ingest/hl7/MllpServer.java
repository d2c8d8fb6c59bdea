package holdfast.edge.ingest.hl7;

import holdfast.edge.HoldfastException;
import holdfast.edge.threads.ThreadFailures;
import holdfast.edge.tls.TlsAcceptor;
import holdfast.shared.api.Hl7Status;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLLP listener: plain sockets, one virtual thread per connection, at most {@code max-connections} at
 * once and {@code max-connections-per-peer} from one address (more are closed on accept), a deadline for the
 * first whole frame, an idle timeout after it, a maximum message size. Written here rather than with HAPI's
 * {@code SimpleServer} because the node needs an answer only after the durable append, byte-level size limits
 * before anything is buffered, MSH-18 decoding of its own, connection limits and a loopback bind — each of
 * which HAPI's server makes awkward; HAPI still parses the rarer messages and builds every error answer.
 * Messages on one connection are handled in order (MLLP is request/response), connections in parallel.
 * With TLS each accepted connection completes its handshake on its own thread, under a deadline, before
 * anything is read.
 * <p>Connection-level noise (refusals, resets, silent or slow clients, bytes outside frames) is what any port
 * sees under a scan or a misbehaving sender: each kind is counted ({@link #closed}) and logged once, at its
 * first occurrence, so that a flood cannot fill the log. Thread-safe.
 */
public final class MllpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MllpServer.class);
    private static final String ACCEPTOR = "mllp-accept";
    private static final String CONNECTION = "mllp-conn";
    private static final String DEADLINES = "mllp-deadlines";

    /** Why a connection was turned away or ended early: the label of the counted noise. */
    public enum Closed {
        /** Closed on accept: every slot taken. */
        LIMIT("limit"),
        /** Closed on accept: the peer address already holds its share of the slots. */
        PEER_LIMIT("peer-limit"),
        /** No whole frame arrived within the first-frame deadline. */
        FIRST_FRAME_TIMEOUT("first-frame-timeout"),
        /** Silent for the idle timeout after at least one frame. */
        IDLE("idle"),
        /** Reset or closed by the peer mid-frame. */
        RESET("reset"),
        /** Any other I/O failure on the socket. */
        IO_ERROR("io-error"),
        /** Bytes arrived outside any frame (counted once per connection that sent some). */
        BYTES_OUTSIDE_FRAMES("bytes-outside-frames"),
        /** A frame was abandoned because another began before it ended, or the stream ended inside it. */
        BROKEN_FRAME("broken-frame");

        private final String label;

        Closed(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final MllpSettings settings;
    private final Hl7Ingest ingest;
    private final Optional<TlsAcceptor> tls; // empty = plain TCP
    private final ServerSocket serverSocket;
    private final Semaphore slots;
    private final Map<InetAddress, Integer> perPeer = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<IdleWatch> reading = ConcurrentHashMap.newKeySet();
    private final ExecutorService connections;
    private final ThreadFailures threads;
    private final ScheduledThreadPoolExecutor deadlines;
    private final Thread acceptor;
    private final Map<Closed, LongAdder> closed = new java.util.EnumMap<>(Closed.class);
    private final Set<Closed> logged = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /** Binds at once (so {@link #port()} is known), accepts after {@link #start()}. */
    public MllpServer(MllpSettings settings, Hl7Ingest ingest) {
        this(settings, ingest, Optional.empty());
    }

    /** With {@code tls} present every connection must complete a TLS handshake first. */
    public MllpServer(MllpSettings settings, Hl7Ingest ingest, Optional<TlsAcceptor> tls) {
        this(settings, ingest, tls, ThreadFailures.unexposed());
    }

    /** As above, reporting a failure at the top of the listener's threads to the node's {@code threads}. */
    public MllpServer(MllpSettings settings, Hl7Ingest ingest, Optional<TlsAcceptor> tls, ThreadFailures threads) {
        this.threads = threads;
        this.connections = Executors.newThreadPerTaskExecutor(threads.virtual(CONNECTION).name("mllp-conn-", 0)
                .factory());
        this.settings = settings;
        this.ingest = ingest;
        this.tls = tls;
        this.slots = new Semaphore(settings.maxConnections());
        for (Closed c : Closed.values()) {
            closed.put(c, new LongAdder());
        }
        try {
            this.serverSocket = new ServerSocket();
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 128);
        } catch (IOException e) {
            throw new HoldfastException("cannot listen for MLLP on " + settings.host() + ":" + settings.port(), e);
        }
        this.deadlines = new ScheduledThreadPoolExecutor(1, threads.factory(DEADLINES));
        deadlines.setRemoveOnCancelPolicy(true);
        // A tenth of the timeout (0.1 to 1 s): a silent connection is closed at most that much after it.
        long sweepMillis = Math.clamp(settings.idleTimeout().toMillis() / 10, 100, 1_000);
        deadlines.scheduleWithFixedDelay(this::closeIdle, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        this.acceptor = threads.platform(ACCEPTOR).unstarted(this::acceptLoop);
    }

    public void start() {
        acceptor.start();
        LOG.info("event=mllp.started host={} port={} maxConnections={} maxConnectionsPerPeer={} "
                        + "firstFrameTimeoutMs={} tls={} strict={}", settings.host(), port(), settings.maxConnections(),
                settings.maxPerPeer(), settings.firstFrameTimeout().toMillis(), tls.isPresent(), settings.strict());
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Connections closed on accept because the global or the per-peer limit was reached. */
    public long refusedConnections() {
        return closed(Closed.LIMIT) + closed(Closed.PEER_LIMIT);
    }

    /** How many connections (or frames, for {@link Closed#BROKEN_FRAME}) ended early for {@code reason}. */
    public long closed(Closed reason) {
        return closed.get(reason).sum();
    }

    public int openConnections() {
        return open.size();
    }

    /** The listener as {@code GET /api/v1/status} shows it. */
    public Hl7Status status() {
        int connections = open.size();
        String state = closing ? "STOPPED"
                : ingest.failing() ? "FAILING"
                : connections >= settings.maxConnections() ? "SATURATED" : "LISTENING";
        return new Hl7Status(state, connections, settings.maxConnections(), settings.maxPerPeer(),
                refusedConnections(), closed(Closed.FIRST_FRAME_TIMEOUT), ingest.failures(), ingest.lastFailureAt());
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                acceptOne();
            } catch (RuntimeException e) {
                // The listener goes on: one odd connection must not close the door for every sender.
                if (!closing) {
                    threads.failed(ACCEPTOR, e);
                }
            }
        }
    }

    private void acceptOne() {
        Socket socket;
        try {
            socket = serverSocket.accept();
        } catch (IOException e) {
            if (!closing) {
                LOG.warn("event=mllp.accept_failed error={}", e.toString());
            }
            return;
        }
        if (!slots.tryAcquire()) {
            refuse(socket, Closed.LIMIT);
            return;
        }
        InetAddress peer = socket.getInetAddress();
        if (!takePeerSlot(peer)) {
            slots.release();
            refuse(socket, Closed.PEER_LIMIT);
            return;
        }
        open.add(socket);
        connections.execute(() -> secureThenServe(socket, peer));
    }

    private void refuse(Socket socket, Closed reason) {
        count(reason, "maxConnections=" + settings.maxConnections() + " maxConnectionsPerPeer="
                + settings.maxPerPeer());
        closeQuietly(socket);
    }

    private boolean takePeerSlot(InetAddress peer) {
        boolean[] taken = {false};
        perPeer.compute(peer, (p, n) -> {
            int held = n == null ? 0 : n;
            if (held >= settings.maxPerPeer()) {
                return n;
            }
            taken[0] = true;
            return held + 1;
        });
        return taken[0];
    }

    private void releasePeerSlot(InetAddress peer) {
        perPeer.computeIfPresent(peer, (p, n) -> n <= 1 ? null : n - 1);
    }

    private void secureThenServe(Socket raw, InetAddress peer) {
        try {
            if (tls.isEmpty()) {
                serve(raw, raw);
                return;
            }
            Optional<? extends Socket> secured = tls.get().handshake(raw); // a failure is logged and counted there
            if (secured.isPresent()) {
                serve(raw, secured.get());
            }
        } finally {
            closeQuietly(raw);
            releasePeerSlot(peer);
            slots.release();
            open.remove(raw); // last: a connection no longer counted has given its slots back
        }
    }

    /** {@code raw} is the accepted TCP socket (what close() closes), {@code socket} the one to talk over. */
    private void serve(Socket raw, Socket socket) {
        int peerPort = socket.getPort();
        long frames = 0;
        MllpFraming framing = null;
        AtomicBoolean firstFrameMissed = new AtomicBoolean();
        RawMsh sender = null;
        // A read timeout alone would let a client that sends a byte now and then hold the slot for ever.
        ScheduledFuture<?> firstFrameDeadline = deadlines.schedule(() -> {
            firstFrameMissed.set(true);
            closeQuietly(raw);
        }, settings.firstFrameTimeout().toMillis(), TimeUnit.MILLISECONDS);
        IdleWatch idle = null;
        try {
            socket.setTcpNoDelay(true);
            idle = new IdleWatch(socket.getInputStream(), raw, System::nanoTime);
            reading.add(idle);
            framing = new MllpFraming(idle, new BufferedOutputStream(socket.getOutputStream()),
                    settings.maxMessageBytes());
            MllpFrame frame;
            while (!closing && (frame = framing.read()) != null) {
                if (frames++ == 0) {
                    firstFrameDeadline.cancel(false);
                    if (firstFrameMissed.get()) {
                        break; // closed by the deadline just as the frame completed: nobody to answer
                    }
                    sender = RawMsh.sniff(frame.bytes());
                    if (sender != null) {
                        ingest.senders().connected(sender.first(3), sender.first(4));
                    }
                }
                Optional<byte[]> ack = ingest.handle(frame);
                if (ack.isPresent()) {
                    framing.write(ack.get());
                }
            }
            countedTimeout(firstFrameMissed, idle, peerPort, frames);
        } catch (SocketException e) {
            if (!countedTimeout(firstFrameMissed, idle, peerPort, frames) && !closing) {
                count(Closed.RESET, "peerPort=" + peerPort + " frames=" + frames);
            }
        } catch (IOException e) {
            if (!countedTimeout(firstFrameMissed, idle, peerPort, frames)) {
                count(Closed.IO_ERROR, "peerPort=" + peerPort + " frames=" + frames + " error=" + e.getClass().getName());
            }
        } catch (RuntimeException | StackOverflowError e) {
            // Hl7Ingest.handle never throws; this is the connection's own code failing. The policy logs class and
            // place only: the message of an exception thrown while handling input can quote that input.
            threads.failed(CONNECTION, "peerPort=" + peerPort + " frames=" + frames, e);
        } finally {
            firstFrameDeadline.cancel(false);
            if (idle != null) {
                reading.remove(idle);
            }
            if (sender != null) {
                ingest.senders().disconnected(sender.first(3), sender.first(4));
            }
            if (framing != null) {
                if (framing.skipped() > 0) {
                    count(Closed.BYTES_OUTSIDE_FRAMES, "peerPort=" + peerPort + " bytes=" + framing.skipped());
                }
                for (long i = 0; i < framing.broken(); i++) {
                    count(Closed.BROKEN_FRAME, "peerPort=" + peerPort);
                }
            }
            closeQuietly(socket);
        }
    }

    /**
     * Counts the connection's end as a timeout if one of the deadlines closed it (its read then fails or ends);
     * says whether it did.
     */
    private boolean countedTimeout(AtomicBoolean firstFrameMissed, IdleWatch idle, int peerPort, long frames) {
        if (firstFrameMissed.get()) {
            count(Closed.FIRST_FRAME_TIMEOUT, "peerPort=" + peerPort);
            return true;
        }
        if (idle != null && idle.expired()) {
            count(Closed.IDLE, "peerPort=" + peerPort + " frames=" + frames);
            return true;
        }
        return false;
    }

    /** The idle timeout: closes each connection whose read has waited for bytes longer than it. */
    private void closeIdle() {
        try {
            long deadline = System.nanoTime() - settings.idleTimeout().toNanos();
            reading.forEach(watch -> watch.expireIfWaitingSince(deadline));
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: report it and keep the sweep alive.
            threads.failed(DEADLINES, e);
        }
    }

    /** Counts one occurrence; only the first of each kind is logged (at info), the rest at debug. */
    private void count(Closed reason, String detail) {
        closed.get(reason).increment();
        if (logged.add(reason)) {
            LOG.info("event=mllp.connection_noise reason={} {} note=\"logged once; every one is counted in the "
                    + "metric holdfast_mllp_connection_noise\"", reason.label(), detail);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("event=mllp.connection_noise reason={} {}", reason.label(), detail);
        }
    }

    /** Stops accepting, closes every connection, and waits a little for handlers finishing an append. */
    @Override
    public void close() {
        closing = true;
        closeQuietly(serverSocket);
        open.forEach(MllpServer::closeQuietly);
        connections.shutdown();
        deadlines.shutdownNow();
        try {
            if (!connections.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("event=mllp.close_timeout open={}", open.size());
            }
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StringBuilder counts = new StringBuilder();
        closed.forEach((reason, n) -> counts.append(' ').append(reason.label()).append('=').append(n.sum()));
        LOG.info("event=mllp.stopped{}", counts);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway; nothing to do
        }
    }
}
