package holdfast.simulator.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keep-alive HTTP/1.1 load the way wrk drives a server: a few threads, each waiting on a selector for many
 * connections, every connection with one request in flight and the next sent as soon as its answer is in. On a
 * 2-core machine a thread per connection blocked in {@code read} cost the load (the driver, in the node's
 * process) a quarter of the CPU, most of it the kernel waking 32 threads once per answer; here a thread woken
 * by one answer usually finds others ready too. Answers carry {@code Content-Length} or are chunked.
 */
final class HttpLoadDriver {

    /** The bytes of connection {@code client}'s {@code i}-th request. */
    @FunctionalInterface
    interface Requests {
        byte[] request(int client, long i);
    }

    private final int port;
    private final int threads;

    /** A GET with the bearer token, as bytes. */
    static byte[] getRequest(String path, String token) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A JSON POST with the bearer token, as one array: sent in one write, so one segment. */
    static byte[] postRequest(String path, String token, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    HttpLoadDriver(int port, int threads) {
        this.port = port;
        this.threads = threads;
    }

    /**
     * Opens {@code connections} connections over this driver's threads and keeps one request in flight on each
     * until {@code stop} is set, counting the answers with status {@code ok} and the others.
     */
    Runner start(int connections, Requests requests, int ok, LongAdder answered, LongAdder other, AtomicBoolean stop) {
        List<Thread> started = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> mine = new ArrayList<>();
            for (int c = t; c < connections; c += threads) {
                mine.add(c);
            }
            started.add(Thread.ofPlatform().name("http-load-" + t).start(() -> {
                try {
                    loop(mine, requests, ok, answered, other, stop, ready);
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                }
            }));
        }
        return new Runner(started, ready, failure);
    }

    /** The driver's threads: {@link #awaitReady} once every connection is open, {@link #join} after the stop. */
    record Runner(List<Thread> threads, CountDownLatch ready, AtomicReference<Throwable> failure) {
        void awaitReady() throws InterruptedException {
            ready.await();
            check();
        }

        void join() throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
            check();
        }

        private void check() {
            if (failure.get() != null) {
                throw new IllegalStateException("load driver failed: " + failure.get(), failure.get());
            }
        }
    }

    private void loop(List<Integer> clients, Requests requests, int ok, LongAdder answered, LongAdder other,
                      AtomicBoolean stop, CountDownLatch ready) throws IOException {
        List<Connection> connections = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int client : clients) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                Connection c = new Connection(client, channel, requests);
                connections.add(c);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                c.key = channel.register(selector, 0, c);
            }
            ready.countDown();
            for (Connection c : connections) {
                c.send();
            }
            while (!stop.get()) {
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection c = (Connection) key.attachment();
                    if (key.isWritable()) {
                        c.flush();
                    }
                    if (key.isReadable()) {
                        int status = c.read();
                        if (status > 0) {
                            (status == ok ? answered : other).increment();
                            if (!stop.get()) {
                                c.send();
                            }
                        }
                    }
                }
            }
        } finally {
            for (Connection c : connections) {
                c.channel.close();
            }
        }
    }

    /** One keep-alive connection with at most one request in flight. */
    private static final class Connection {
        private final int client;
        private final SocketChannel channel;
        private final Requests requests;
        private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private SelectionKey key;
        private ByteBuffer out;
        private long sent;

        Connection(int client, SocketChannel channel, Requests requests) {
            this.client = client;
            this.channel = channel;
            this.requests = requests;
        }

        void send() throws IOException {
            out = ByteBuffer.wrap(requests.request(client, sent++));
            flush();
        }

        void flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** Reads what is there; the answer's status once it is whole, else 0. */
        int read() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("connection closed by the node");
            }
            byte[] a = in.array();
            int headerEnd = indexOfCrlf(a, 0, in.position(), true);
            if (headerEnd < 0) {
                return incomplete();
            }
            String head = new String(a, 0, headerEnd, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
            int end = head.contains("\r\ntransfer-encoding: chunked") ? chunkedEnd(a, headerEnd + 4, in.position())
                    : headerEnd + 4 + contentLength(head);
            if (end < 0 || in.position() < end) {
                return incomplete();
            }
            int status = Integer.parseInt(head.substring(9, 12));
            in.flip();
            in.position(end);
            in.compact();
            return status;
        }

        private int incomplete() {
            if (!in.hasRemaining()) {
                throw new IllegalStateException("an answer larger than " + in.capacity() + " bytes");
            }
            return 0;
        }

        /** Where the chunked body starting at {@code at} ends (no trailers), or -1 if not all of it is in. */
        private static int chunkedEnd(byte[] a, int at, int limit) {
            while (true) {
                int lineEnd = indexOfCrlf(a, at, limit, false);
                if (lineEnd < 0) {
                    return -1;
                }
                String size = new String(a, at, lineEnd - at, StandardCharsets.US_ASCII).split(";", 2)[0].trim();
                int n = Integer.parseInt(size, 16);
                at = lineEnd + 2 + n + 2;
                if (n == 0) {
                    return at <= limit ? at : -1;
                }
                if (at > limit) {
                    return -1;
                }
            }
        }

        private static int indexOfCrlf(byte[] a, int from, int limit, boolean twice) {
            for (int i = from; i + (twice ? 3 : 1) < limit; i++) {
                if (a[i] == '\r' && a[i + 1] == '\n' && (!twice || a[i + 2] == '\r' && a[i + 3] == '\n')) {
                    return i;
                }
            }
            return -1;
        }

        private static int contentLength(String head) {
            int at = head.indexOf("\r\ncontent-length:");
            if (at < 0) {
                throw new IllegalStateException("answer with neither Content-Length nor chunked: "
                        + head.lines().findFirst().orElse(""));
            }
            int end = head.indexOf('\r', at + 2);
            return Integer.parseInt(head.substring(at + 17, end < 0 ? head.length() : end).trim());
        }
    }
}
