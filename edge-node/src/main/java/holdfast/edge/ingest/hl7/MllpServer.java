package holdfast.edge.ingest.hl7;

import holdfast.edge.HoldfastException;
import holdfast.edge.tls.TlsAcceptor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLLP listener: plain sockets, one virtual thread per connection, at most {@code max-connections} at
 * once (more are closed on accept), an idle timeout per connection, a maximum message size. Written here
 * rather than with HAPI's {@code SimpleServer} because the node needs an answer only after the durable
 * append, byte-level size limits before anything is buffered, MSH-18 decoding of its own, connection limits
 * and a loopback bind — each of which HAPI's server makes awkward; HAPI still parses and builds every ACK.
 * Messages on one connection are handled in order (MLLP is request/response), connections in parallel.
 * With TLS (issue 6) each accepted connection completes its handshake on its own thread, under a deadline,
 * before anything is read. Thread-safe.
 */
public final class MllpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MllpServer.class);

    private final MllpSettings settings;
    private final Hl7Ingest ingest;
    private final Optional<TlsAcceptor> tls; // issue 6: empty = plain TCP
    private final ServerSocket serverSocket;
    private final Semaphore slots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService connections = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("mllp-conn-", 0).factory());
    private final Thread acceptor;
    private final AtomicLong refusedConnections = new AtomicLong();
    private volatile boolean closing;

    /** Binds at once (so {@link #port()} is known), accepts after {@link #start()}. */
    public MllpServer(MllpSettings settings, Hl7Ingest ingest) {
        this(settings, ingest, Optional.empty());
    }

    /** With {@code tls} present every connection must complete a TLS handshake first (issue 6). */
    public MllpServer(MllpSettings settings, Hl7Ingest ingest, Optional<TlsAcceptor> tls) {
        this.settings = settings;
        this.ingest = ingest;
        this.tls = tls;
        this.slots = new Semaphore(settings.maxConnections());
        try {
            this.serverSocket = new ServerSocket();
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 128);
        } catch (IOException e) {
            throw new HoldfastException("cannot listen for MLLP on " + settings.host() + ":" + settings.port(), e);
        }
        this.acceptor = Thread.ofPlatform().name("mllp-accept").daemon(true).unstarted(this::acceptLoop);
    }

    public void start() {
        acceptor.start();
        LOG.info("event=mllp.started host={} port={} maxConnections={} tls={}", settings.host(), port(),
                settings.maxConnections(), tls.isPresent());
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Connections closed on accept because the limit was reached. */
    public long refusedConnections() {
        return refusedConnections.get();
    }

    public int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("event=mllp.accept_failed error={}", e.toString());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                refusedConnections.incrementAndGet();
                LOG.warn("event=mllp.connection_refused reason=limit maxConnections={} peerPort={}",
                        settings.maxConnections(), socket.getPort());
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            connections.execute(() -> secureThenServe(socket));
        }
    }

    private void secureThenServe(Socket raw) {
        if (tls.isEmpty()) {
            serve(raw, raw);
            return;
        }
        Optional<? extends Socket> secured = tls.get().handshake(raw); // a failure is logged and counted there
        if (secured.isPresent()) {
            serve(raw, secured.get());
        } else {
            open.remove(raw);
            closeQuietly(raw);
            slots.release();
        }
    }

    /** {@code raw} is the accepted TCP socket (what close() closes), {@code socket} the one to talk over. */
    private void serve(Socket raw, Socket socket) {
        int peerPort = socket.getPort();
        long frames = 0;
        MllpFraming framing = null;
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()));
            socket.setTcpNoDelay(true);
            framing = new MllpFraming(new BufferedInputStream(socket.getInputStream()),
                    new BufferedOutputStream(socket.getOutputStream()), settings.maxMessageBytes());
            MllpFrame frame;
            while (!closing && (frame = framing.read()) != null) {
                frames++;
                Optional<byte[]> ack = ingest.handle(frame);
                if (ack.isPresent()) {
                    framing.write(ack.get());
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.info("event=mllp.idle_closed peerPort={} frames={}", peerPort, frames);
        } catch (SocketException e) {
            LOG.debug("event=mllp.connection_reset peerPort={} frames={}", peerPort, frames);
        } catch (IOException e) {
            LOG.info("event=mllp.connection_failed peerPort={} frames={} error={}", peerPort, frames, e.toString());
        } catch (RuntimeException e) {
            // Top of the connection's thread: logged once; the connection ends, the server goes on.
            LOG.error("event=mllp.connection_crashed peerPort={} frames={}", peerPort, frames, e);
        } finally {
            if (framing != null && framing.skipped() > 0) {
                LOG.warn("event=mllp.bytes_outside_frames peerPort={} bytes={}", peerPort, framing.skipped());
            }
            open.remove(raw);
            closeQuietly(socket);
            closeQuietly(raw);
            slots.release();
        }
    }

    /** Stops accepting, closes every connection, and waits a little for handlers finishing an append. */
    @Override
    public void close() {
        closing = true;
        closeQuietly(serverSocket);
        open.forEach(MllpServer::closeQuietly);
        connections.shutdown();
        try {
            if (!connections.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("event=mllp.close_timeout open={}", open.size());
            }
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("event=mllp.stopped refusedConnections={}", refusedConnections.get());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway; nothing to do
        }
    }
}
