package holdfast.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HL7 bench's round-trip baseline, over a real loopback socket onto a real lane journal. */
class MllpFsyncEchoTest {

    @TempDir
    Path dir;

    @Test
    void answersEachFrameOnceItIsDurableHoweverTheFramesArriveInTheStream() throws Exception {
        try (MllpFsyncEcho echo = MllpFsyncEcho.start(dir);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), echo.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] two = concat(frame("MSH|^~\\&|A|B|||||ORU^R01|1|P|2.5.1"), frame("MSH|^~\\&|A|B|||||ORU^R01|2|P|2.5.1"));
            out.write(two); // two frames in one segment
            out.flush();
            assertThat(ack(in)).contains("MSA|AA|");
            assertThat(ack(in)).contains("MSA|AA|");
            byte[] third = frame("MSH|^~\\&|A|B|||||ORU^R01|3|P|2.5.1\rOBX|1|NM|2823-3^Potassium^LN||6.9|mmol/L");
            out.write(third, 0, 20); // one frame in two segments
            out.flush();
            out.write(third, 20, third.length - 20);
            out.flush();
            assertThat(ack(in)).contains("MSA|AA|");
            assertThat(echo.durable()).isEqualTo(3);
        }
    }

    private static byte[] frame(String message) {
        byte[] body = message.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[body.length + 3];
        frame[0] = 0x0B;
        System.arraycopy(body, 0, frame, 1, body.length);
        frame[frame.length - 2] = 0x1C;
        frame[frame.length - 1] = 0x0D;
        return frame;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String ack(InputStream in) throws Exception {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) != 0x0B) {
            assertThat(b).as("connection open").isNotEqualTo(-1);
        }
        while ((b = in.read()) != 0x1C) {
            assertThat(b).as("connection open").isNotEqualTo(-1);
            s.append((char) b);
        }
        in.read();
        return s.toString();
    }
}
