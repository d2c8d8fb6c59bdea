package holdfast.edge.ingest.hl7;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw MLLP client for tests that must send exact bytes (wrong charsets, garbage, empty frames), which
 * HAPI's client cannot: it only sends messages it has parsed. Reads answers with a socket timeout as the
 * deadline. Not thread-safe.
 */
final class MllpTestClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    MllpTestClient(int port) {
        this(plain(port));
    }

    /** Over a socket of the test's own, e.g. a TLS one. */
    MllpTestClient(Socket socket) {
        try {
            this.socket = socket;
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket plain(int port) {
        try {
            return new Socket(InetAddress.getLoopbackAddress(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A plain connection from another loopback address ({@code 127.0.0.2}, ...), which the node sees as another
     * peer: how a test plays several hosts on one machine.
     */
    static Socket from(String localAddress, int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes exactly as given, no framing added: broken framing, bytes outside frames. */
    void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(byte[] content) {
        try {
            byte[] framed = new byte[content.length + 3];
            framed[0] = 0x0B;
            System.arraycopy(content, 0, framed, 1, content.length);
            framed[framed.length - 2] = 0x1C;
            framed[framed.length - 1] = 0x0D;
            out.write(framed);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next answer's text (ISO-8859-1 is enough to read MSA), or null when the node closed the connection. */
    String receive() {
        try {
            int b;
            while ((b = in.read()) != 0x0B) {
                if (b == -1) {
                    return null;
                }
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while ((b = in.read()) != 0x1C) {
                if (b == -1) {
                    return null;
                }
                content.write(b);
            }
            in.read(); // the trailing CR
            return content.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String exchange(byte[] content) {
        send(content);
        return receive();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** MSA-n of an ACK text ("" when absent). */
    static String msa(String ack, int field) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                String[] f = segment.split("\\|", -1);
                return field < f.length ? f[field] : "";
            }
        }
        return "";
    }
}
