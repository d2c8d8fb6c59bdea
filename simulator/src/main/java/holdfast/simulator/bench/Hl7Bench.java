package holdfast.simulator.bench;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import holdfast.edge.EdgeNode;
import holdfast.edge.config.ConfigLoader;
import holdfast.simulator.hl7.Hl7Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./holdfast bench hl7}: in one run, (a) HAPI's parse-only rate for ORU^R01 on one thread, and the
 * node's durable MLLP ingest (AA only after the journal's fsync) with (b) one and (c) eight connections:
 * messages per second and p99 ACK latency, and each rate as a fraction of parse-only. The load driver speaks
 * MLLP on plain sockets (TCP_NODELAY) so that it measures the node, not HAPI's client. Loopback only.
 * Each one-connection rate is also set against the fsync round-trip limits measured right before it: a whole
 * MLLP round trip to a server that only makes each frame durable before its ACK (what one sender, who waits for
 * every ACK, can get at best; the target is stated against it), and the journal's alone (one producer appending
 * small entries and waiting for each, no socket). Each durable phase also prints the process's CPU time per message (the
 * load driver's included), steadier than the rates on a shared machine. The node is warmed up first (not
 * reported), as both baselines are. Every fifth message carries a critical result for a patient of its own, so
 * each phase also raises that many new alerts (not folds into alerts an earlier phase left open), and says how
 * soon after their readings they were durable; (d) one connection again with no critical result shows what those
 * cost. Options:
 * {@code --messages N} (per phase, default 10,000).
 */
public final class Hl7Bench {

    private static final String TOKEN = "hf_bench-admin-token-0123456789";

    private Hl7Bench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int messages = a.integer("messages", 10_000);
        Path root = Files.createTempDirectory("holdfast-bench-hl7");
        try {
            run(root, messages);
        } finally {
            DataDirs.delete(root);
        }
    }

    private static void run(Path root, int messages) throws Exception {
        Map<String, String> config = holdfast.simulator.LoopbackNodeConfig.overrides(root.resolve("node"), TOKEN);
        System.out.printf("holdfast bench hl7: %,d ORU^R01 per phase, %d cores%n", messages,
                Runtime.getRuntime().availableProcessors());
        double parseRate = parseOnly(messages);
        System.out.printf("  HAPI parse only, 1 thread : %,10.0f msg/s%n", parseRate);
        try (EdgeNode node = EdgeNode.start(ConfigLoader.load(null, Map.of(), config), Clock.systemUTC())) {
            // Parse-only above is measured warm, the fsync limit below too; so is the node: a JIT warm-up, not
            // reported. Rounds for at least 12 s: after one round of 5,000 messages (~1.5 s) a profile had the C2
            // compiler on a third of a core through the measured phases, most of it on the database code behind
            // each alert raised.
            long warmUntil = System.nanoTime() + 12_000_000_000L;
            for (int round = 0; round < 40 && System.nanoTime() < warmUntil; round++) {
                durable(node.mllpPort(), 8, Math.min(messages, 4_000), "warm8-" + round, true);
                durable(node.mllpPort(), 1, Math.min(messages, 1_000), "warm1-" + round, round % 2 == 0);
            }
            NodeMetricsScrape.warmUp(node.httpPort());
            Limits limits = null;
            for (int connections : new int[] {1, 8}) {
                if (connections == 1) {
                    limits = fsyncLimits(root.resolve("raw-1"), messages);
                    // Back to the node after the limits' own code: a short round, unreported, as for ingest.
                    durable(node.mllpPort(), 1, Math.min(messages, 2_000), "rewarm1", true);
                }
                long[] alertsBefore = AlertBench.raiseFigures(node.httpPort());
                double[] commitsBefore = NodeMetricsScrape.laneCommits(node.httpPort());
                long jit = Jit.millis();
                Result r = durable(node.mllpPort(), connections, messages, "c" + connections, true);
                System.out.printf("  durable MLLP, %d connection%s: %,10.0f msg/s  p99 ACK %6.2f ms  (%.2f of parse-only)"
                                + "  %,.0f us CPU per message%n", connections, connections == 1 ? " " : "s", r.rate(),
                        r.p99Millis(), r.rate() / parseRate, r.cpuNanos() / 1e3 / messages);
                System.out.println(Jit.line(jit));
                System.out.println(NodeMetricsScrape.laneCommitsLine(node.httpPort(), commitsBefore));
                if (connections == 1) {
                    System.out.printf("    1 connection vs the MLLP fsync round-trip limit: %.2f (target >= 0.50, within"
                            + " 2x); vs the journal's alone: %.2f%n", r.rate() / limits.mllp(), r.rate() / limits.journal());
                }
                printAlerts(node.httpPort(), alertsBefore, messages / 5);
            }
            // Beside it, the same connection with no critical result in the mix: what the alerts behind the
            // critical fifth (an H2 row and a critical-lane event each, both made durable) cost the round trip.
            limits = fsyncLimits(root.resolve("raw-n1"), messages);
            durable(node.mllpPort(), 1, Math.min(messages, 2_000), "rewarm-n1", false);
            double[] commitsBefore = NodeMetricsScrape.laneCommits(node.httpPort());
            long jit = Jit.millis();
            Result plain = durable(node.mllpPort(), 1, messages, "n1", false);
            System.out.printf("  durable MLLP, 1 connection, no critical results: %,10.0f msg/s  p99 ACK %6.2f ms"
                    + "  (%.2f of the MLLP fsync round-trip limit, %.2f of the journal's)%n", plain.rate(),
                    plain.p99Millis(), plain.rate() / limits.mllp(), plain.rate() / limits.journal());
            System.out.println(Jit.line(jit));
            System.out.println(NodeMetricsScrape.laneCommitsLine(node.httpPort(), commitsBefore));
        }
    }

    /**
     * The alerts behind the phase's critical results, from the node's own figures: each is timed from its reading
     * being durable to the alert being durable, and the ward is promised 100 ms. Waits (at most 60 s) for the
     * alerts still queued when the last ACK came, and says how long they took.
     */
    private static void printAlerts(int httpPort, long[] before, int expected) throws Exception {
        long endedAt = System.nanoTime();
        long deadline = endedAt + 60_000_000_000L;
        long[] now = AlertBench.raiseFigures(httpPort);
        while (now[0] - before[0] < expected && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling the node's metrics, a figure of its own: no event to wait on
            now = AlertBench.raiseFigures(httpPort);
        }
        long raised = now[0] - before[0];
        System.out.printf("    alerts: %,d of %,d raised, %.0f ms after the last ACK, in %,d commits; reading durable -> "
                        + "alert durable mean %.2f ms, over 100 ms: %,d%n", raised, expected,
                (System.nanoTime() - endedAt) / 1e6, now[4] - before[4],
                raised == 0 ? Double.NaN : (now[1] - before[1]) / 1000.0 / raised, now[3] - before[3]);
    }

    /**
     * CPU time of this whole process (node, load driver, alerts and sync behind it): per message it changes far
     * less with the machine's load than a rate does, so it tells a change apart on a busy machine.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * The fsync round-trip limits for the one-connection phase that follows, measured right before it, on the same
     * disk, with the node warm and idle beside it: the journal's alone (one producer appending small entries, each
     * waited for, no socket) and a whole MLLP round trip ({@link MllpFsyncEcho}: the same sender, each frame made
     * durable as received before a fixed AA), which is what one sender waiting for every ACK can get at best.
     * Measured once in a cold process before the node started, the journal's read 4,000-5,700/s; warm it reads
     * 7,000-8,800/s. The cold figure made the one-connection ratio look half as good again as it is.
     */
    private static Limits fsyncLimits(Path dir, int messages) throws Exception {
        double journal = fsyncRoundTrips(dir.resolve("journal"), Math.max(5_000, messages / 2));
        System.out.printf("  journal fsync round trips, 1 producer waiting for each: %,10.0f /s (%.3f ms each)%n",
                journal, 1000 / journal);
        double mllp;
        try (MllpFsyncEcho echo = MllpFsyncEcho.start(dir.resolve("mllp"))) {
            durable(echo.port(), 1, Math.min(messages, 2_000), "echo-warm", true);
            mllp = durable(echo.port(), 1, messages, "echo", true).rate();
        }
        System.out.printf("  MLLP fsync round trips, 1 connection, frames made durable as received: %,10.0f /s (%.3f ms"
                + " each)%n", mllp, 1000 / mllp);
        return new Limits(journal, mllp);
    }

    /** Round trips per second: the journal's alone, and over one MLLP connection. */
    private record Limits(double journal, double mllp) {
    }

    /** Appends one at a time to a lane journal with the node's settings, each waited for: fsyncs per second. */
    private static double fsyncRoundTrips(Path dir, int count) throws Exception {
        holdfast.shared.envelope.EnvelopeCodec codec = new holdfast.shared.envelope.EnvelopeCodec();
        holdfast.shared.envelope.UuidV7Generator ids = new holdfast.shared.envelope.UuidV7Generator();
        com.fasterxml.jackson.databind.JsonNode payload = codec.mapper().readTree("{\"message\":\"ORU^R01\"}");
        try (holdfast.edge.journal.ChronicleJournal journal = holdfast.edge.journal.ChronicleJournal.open(
                holdfast.shared.envelope.Lane.STANDARD, dir, holdfast.edge.journal.JournalSettings.defaults(), codec,
                holdfast.edge.journal.AppendListener.NONE)) {
            long start = 0;
            for (int i = -200; i < count; i++) { // the first 200 warm up
                if (i == 0) {
                    start = System.nanoTime();
                }
                Instant now = Instant.now();
                journal.append(new holdfast.shared.envelope.EventEnvelope(ids.nextString(), "hl7:bench:raw:" + i, 1,
                        holdfast.shared.envelope.Lane.STANDARD, 0, holdfast.shared.envelope.EventKind.HL7,
                        new holdfast.shared.envelope.Source("hl7", "bench", "raw-" + i), ids.nextString(), null, now,
                        now, null, payload, null)).join();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double parseOnly(int messages) throws HL7Exception {
        try (HapiContext ctx = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"))) {
            ctx.setValidationContext(ValidationContextFactory.noValidation());
            PipeParser parser = ctx.getPipeParser();
            Instant at = Instant.now();
            for (int i = 0; i < Math.min(2_000, messages); i++) {
                parser.parse(Hl7Messages.oru("W-" + i, "P-" + i, i % 5 == 0, at)); // warm-up
            }
            String[] texts = new String[messages]; // built before the clock starts, as the durable phases' are
            for (int i = 0; i < messages; i++) {
                texts[i] = Hl7Messages.oru("P-" + i, "P-" + i, i % 5 == 0, at);
            }
            long start = System.nanoTime();
            for (String text : texts) {
                parser.parse(text);
            }
            return messages / ((System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code criticals}: every fifth message carries a critical result, as in the parse-only baseline. */
    private static Result durable(int port, int connections, int messages, String prefix, boolean criticals)
            throws Exception {
        int each = messages / connections;
        // The frames are built before the clock starts: the load driver should measure the node, not itself.
        Instant at = Instant.now();
        List<byte[][]> frames = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            byte[][] mine = new byte[each][];
            for (int i = 0; i < each; i++) {
                String id = prefix + "-" + c + "-" + i;
                mine[i] = frame(Hl7Messages.oru(id, prefix + "-" + c + "-P-" + i, criticals && i % 5 == 0, at));
            }
            frames.add(mine);
        }
        List<long[]> all = new ArrayList<>();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (byte[][] mine : frames) {
                futures.add(pool.submit(() -> send(port, mine)));
            }
            for (Future<long[]> f : futures) {
                all.add(f.get());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuNanos = processCpuNanos() - cpuStart;
        long[] merged = all.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
        double p99 = merged[Math.max(0, (int) Math.ceil(0.99 * merged.length) - 1)] / 1e6;
        return new Result(each * connections / seconds, p99, cpuNanos);
    }

    /** The message in an MLLP frame (VT, the message, FS CR). */
    static byte[] frame(String message) {
        byte[] body = message.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[body.length + 3];
        frame[0] = 0x0B;
        System.arraycopy(body, 0, frame, 1, body.length);
        frame[frame.length - 2] = 0x1C;
        frame[frame.length - 1] = 0x0D;
        return frame;
    }

    private static long[] send(int port, byte[][] frames) throws IOException {
        long[] latencies = new long[frames.length];
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < frames.length; i++) {
                long t0 = System.nanoTime();
                out.write(frames[i]);
                out.flush();
                String ack = readFrame(in);
                latencies[i] = System.nanoTime() - t0;
                if (!ack.contains("MSA|AA|")) {
                    throw new IllegalStateException("message " + i + " was not accepted");
                }
            }
        }
        return latencies;
    }

    /** The body of the next MLLP frame on {@code in}. */
    static String readFrame(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != 0x0B) {
            if (b == -1) {
                throw new IOException("connection closed");
            }
        }
        StringBuilder s = new StringBuilder();
        while ((b = in.read()) != 0x1C) {
            if (b == -1) {
                throw new IOException("connection closed");
            }
            s.append((char) b);
        }
        in.read();
        return s.toString();
    }

    /** @param cpuNanos this process's CPU time while the phase's clock ran (not building its messages) */
    private record Result(double rate, double p99Millis, long cpuNanos) {
    }
}
