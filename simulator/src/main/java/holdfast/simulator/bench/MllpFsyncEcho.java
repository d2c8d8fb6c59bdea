package holdfast.simulator.bench;

import holdfast.edge.journal.AppendListener;
import holdfast.edge.journal.ChronicleJournal;
import holdfast.edge.journal.JournalSettings;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Raw;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.UuidV7Generator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The fsync round-trip limit of one MLLP connection on this machine: a server that does nothing but make each
 * frame it receives durable (one entry in a lane journal with the node's settings, the bytes as received in its
 * {@code raw}) and then answer a fixed AA. What a sender that waits for every ACK could get from any
 * store-and-forward on this disk over this loopback: the same socket round trip, the same wake-ups and one
 * {@code msync}; the node adds the parsing, its envelope, indexes and alerts. Connections are served one at a
 * time, each on a virtual thread as the node's are. Binds 127.0.0.1 only.
 */
final class MllpFsyncEcho implements AutoCloseable {

    private static final byte[] ACK = ("\u000bMSH|^~\\&|ECHO|BENCH|||||ACK|1|P|2.5.1\rMSA|AA|1\r\u001c\r")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final ChronicleJournal journal;
    private final Thread acceptor;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final UuidV7Generator ids = new UuidV7Generator();
    private final java.util.concurrent.atomic.AtomicLong durable = new java.util.concurrent.atomic.AtomicLong();

    private MllpFsyncEcho(Path dir) throws IOException {
        journal = ChronicleJournal.open(Lane.STANDARD, dir, JournalSettings.defaults(), codec, AppendListener.NONE);
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().name("mllp-echo-accept").start(this::accept);
    }

    static MllpFsyncEcho start(Path dir) throws IOException {
        return new MllpFsyncEcho(dir);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Frames made durable (and answered) so far. */
    long durable() {
        return durable.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket)).join();
            } catch (IOException e) {
                return; // closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Connections are served one at a time, so the count so far numbers each frame's key. */
    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            Frames frames = new Frames(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] bytes;
            while ((bytes = frames.next()) != null) {
                Instant now = Instant.now();
                long n = durable.get();
                journal.append(new EventEnvelope(ids.nextString(), "hl7:echo:" + n, 1, Lane.STANDARD, 0,
                        EventKind.HL7, new Source("hl7", "echo", Long.toString(n)), ids.nextString(), null, now, now,
                        null, null, Raw.of("application/hl7-v2+er7", bytes))).join();
                durable.incrementAndGet();
                out.write(ACK);
                out.flush();
            }
        } catch (IOException e) {
            // the sender went away: the phase is over
        }
    }

    /** MLLP frame bodies from a stream, read in blocks (a byte at a time would make the limit the reader's). */
    private static final class Frames {
        private final InputStream in;
        private final byte[] buffer = new byte[16 * 1024];
        private int at;
        private int end;

        Frames(InputStream in) {
            this.in = in;
        }

        /** The next frame's body, or null at the end of the stream. */
        byte[] next() throws IOException {
            int start = -1;
            while (true) {
                for (int i = at; i < end; i++) {
                    if (start < 0 && buffer[i] == 0x0B) {
                        start = i + 1;
                    } else if (start >= 0 && buffer[i] == 0x1C) {
                        byte[] body = java.util.Arrays.copyOfRange(buffer, start, i);
                        at = i + 1; // the 0x0D after 0x1C is skipped as bytes before the next 0x0B
                        return body;
                    }
                }
                if (start > 0) { // keep the partial frame at the front
                    System.arraycopy(buffer, start - 1, buffer, 0, end - start + 1);
                    end -= start - 1;
                    start = 1;
                } else if (start < 0) {
                    end = 0;
                }
                if (end == buffer.length) {
                    throw new IOException("frame longer than " + buffer.length + " bytes");
                }
                at = end;
                int read = in.read(buffer, end, buffer.length - end);
                if (read < 0) {
                    return null;
                }
                end += read;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }
}
