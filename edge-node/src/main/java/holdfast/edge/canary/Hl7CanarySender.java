package holdfast.edge.canary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.IntSupplier;

/**
 * Sends an ORU^R01 over MLLP to the node's own listener on loopback, as an HL7 sender would (MSH-3
 * {@value CanaryMark#SENDER}, MSH-10 the marked message id), and waits for its ACK: {@code AA} once durable.
 */
final class Hl7CanarySender implements CanarySender {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private final IntSupplier port;

    Hl7CanarySender(IntSupplier port) {
        this.port = port;
    }

    @Override
    public String path() {
        return "hl7";
    }

    static String oru(String messageId, Instant at) {
        String ts = TS.format(at) + "+0000";
        return "MSH|^~\\&|" + CanaryMark.SENDER + "|HOLDFAST|HOLDFAST|EDGE|" + ts + "||ORU^R01|" + messageId
                + "|P|2.5\rPID|1||CANARY^^^HOLDFAST^MR\rOBR|1||" + messageId + "|CANARY^Canary^L|||" + ts
                + "\rOBX|1|NM|CANARY^Canary^L||1||||||F|||" + ts + "\r";
    }

    @Override
    public void send(String messageId, Instant at) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port.getAsInt()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x0B);
            out.write(oru(messageId, at).getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[] {0x1C, 0x0D});
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream ack = new ByteArrayOutputStream();
            for (int b = in.read(); b != 0x1C; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the listener closed the connection before its ACK");
                }
                ack.write(b);
            }
            String text = ack.toString(StandardCharsets.ISO_8859_1);
            if (!text.contains("MSA|AA")) {
                int msa = text.indexOf("MSA|");
                throw new IOException("the listener answered " + (msa < 0 ? "no MSA" : text.substring(msa,
                        Math.min(text.length(), msa + 6))));
            }
        }
    }
}
