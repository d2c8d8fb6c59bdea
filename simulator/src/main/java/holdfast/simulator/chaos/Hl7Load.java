package holdfast.simulator.chaos;

import holdfast.simulator.hl7.Hl7Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * An interface engine sending lab results (ORU, now and then a critical one) over MLLP. A message answered AA
 * is acknowledged; one without an answer is sent again, the same text, as an engine resends, up to three times.
 * One connection per message keeps a dead node's socket from outliving it. Runs until told to stop.
 */
final class Hl7Load implements Runnable {

    private final int port;
    private final Inputs inputs;
    private final Random random;
    private final Duration pause;
    private final BooleanSupplier running;
    private final String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT);

    Hl7Load(int port, Inputs inputs, long seed, Duration pause, BooleanSupplier running) {
        this.port = port;
        this.inputs = inputs;
        this.random = new Random(seed);
        this.pause = pause;
        this.running = running;
    }

    @Override
    public void run() {
        long seq = 0;
        while (running.getAsBoolean()) {
            seq++;
            String controlId = "CH" + run + seq;
            String message = Hl7Messages.oru(controlId, "P" + (1000 + seq % 50), random.nextDouble() < 0.1,
                    Instant.now());
            String key = "hl7:SIMHIS:SIMHOSP:" + controlId;
            inputs.sent(key, "hl7", Inputs.Expect.ACCEPTED);
            for (int attempt = 0; attempt < 3 && running.getAsBoolean(); attempt++) {
                if ("AA".equals(send(message))) {
                    inputs.acked(key, "hl7", Inputs.Expect.ACCEPTED);
                    break;
                }
                Pace.pause(pause.multipliedBy(4));
            }
            Pace.pause(pause);
        }
    }

    /** MSA-1 of the answer, or null without one. */
    private String send(String message) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            socket.setSoTimeout(10_000);
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
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
