package holdfast.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
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
            byte[] two = concat(Hl7Bench.frame("MSH|^~\\&|A|B|||||ORU^R01|1|P|2.5.1"),
                    Hl7Bench.frame("MSH|^~\\&|A|B|||||ORU^R01|2|P|2.5.1"));
            out.write(two); // two frames in one segment
            out.flush();
            assertThat(Hl7Bench.readFrame(in)).contains("MSA|AA|");
            assertThat(Hl7Bench.readFrame(in)).contains("MSA|AA|");
            byte[] third = Hl7Bench.frame(
                    "MSH|^~\\&|A|B|||||ORU^R01|3|P|2.5.1\rOBX|1|NM|2823-3^Potassium^LN||6.9|mmol/L");
            out.write(third, 0, 20); // one frame in two segments
            out.flush();
            out.write(third, 20, third.length - 20);
            out.flush();
            assertThat(Hl7Bench.readFrame(in)).contains("MSA|AA|");
            assertThat(echo.durable()).isEqualTo(3);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
