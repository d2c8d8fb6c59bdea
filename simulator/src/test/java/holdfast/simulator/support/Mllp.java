package holdfast.simulator.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HL7 message over MLLP to the node, as an interface engine sends it; returns the ACK's MSA-1. */
public final class Mllp {

    private Mllp() {
    }

    public static String send(int port, String message) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x0b);
            out.write(message.getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[] {0x1c, 0x0d});
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream ack = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != 0x1c) {
                if (b != 0x0b) {
                    ack.write(b);
                }
            }
            for (String segment : ack.toString(StandardCharsets.ISO_8859_1).split("\r")) {
                if (segment.startsWith("MSA|")) {
                    return segment.split("\\|")[1];
                }
            }
            return "none";
        }
    }
}
