package holdfast.simulator.hl7;

import ca.uhn.hl7v2.util.StandardSocketFactory;
import java.io.IOException;
import java.net.Socket;

/**
 * HAPI client sockets with TCP_NODELAY: HAPI writes a frame in several pieces, and with Nagle's algorithm
 * each message then waits for the peer's delayed ACK (~40 ms). Thread-safe (stateless).
 */
public final class NoDelaySocketFactory extends StandardSocketFactory {
    @Override
    public Socket createSocket() throws IOException {
        Socket socket = super.createSocket();
        socket.setTcpNoDelay(true);
        return socket;
    }
}
