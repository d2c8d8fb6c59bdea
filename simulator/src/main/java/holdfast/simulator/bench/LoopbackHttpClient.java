package holdfast.simulator.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

/**
 * A deliberately minimal HTTP/1.1 keep-alive client for load generation: one connection, one request at a
 * time, no allocation beyond the request bytes. A general client would spend more CPU than the node does on
 * a 2-core machine and measure itself instead. Not thread-safe: one per load thread.
 */
final class LoopbackHttpClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String path;
    private final String token;
    private final byte[] getRequest;

    LoopbackHttpClient(int port, String path, String token) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.path = path;
        this.token = token;
        getRequest = HttpLoadDriver.getRequest(path, token);
    }

    /** GETs the path and returns the status code (the response body is read and dropped). */
    int get() throws IOException {
        out.write(getRequest);
        out.flush();
        return readResponse();
    }

    /** Posts the body and returns the status code (the response body is read and dropped). */
    int post(byte[] body) throws IOException {
        out.write(HttpLoadDriver.postRequest(path, token, body));
        out.flush();
        return readResponse();
    }

    private int readResponse() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = 0;
        boolean chunked = false;
        String line;
        while (!(line = readLine()).isEmpty()) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            } else if (line.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
                chunked = line.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            }
        }
        if (!chunked) {
            in.skipNBytes(length);
            return status;
        }
        int size;
        while ((size = Integer.parseInt(readLine().split(";", 2)[0].trim(), 16)) > 0) {
            in.skipNBytes(size);
            readLine();
        }
        while (!readLine().isEmpty()) {
            // trailers, if any
        }
        return status;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) b);
        }
        throw new IOException("connection closed by the node");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
