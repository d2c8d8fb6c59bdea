package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No input stops the HL7 channel. Hostile senders throw deep nesting, oversized frames, odd and wrong encodings,
 * random bytes, mutated messages, two messages in a frame, control ids too long for a key and broken framing
 * at a node (bounded: a fixed number
 * of cases from a fixed seed, and a time limit), while a well-behaved sender on its own connection keeps sending.
 * Every whole frame is answered with an ACK; every message of the well-behaved sender is answered AA and is in its
 * journal exactly once; no connection slot leaks; and the node is not failing at the end.
 */
class Hl7FuzzIT {

    private static final long SEED = 20_261_204L;
    private static final int FUZZERS = 3;
    private static final int CASES_PER_FUZZER = 120;
    private static final int LIMIT = 32 * 1024;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(90);
    private static final Set<String> ACK_CODES = Set.of("AA", "AE", "AR", "CA", "CE", "CR");

    @TempDir
    Path tmp;

    @Test
    void hostileInputNeverStopsTheChannelForOtherSenders() throws Exception {
        Path data = tmp.resolve("node");
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean fuzzing = new AtomicBoolean(true);
        AtomicInteger sentWhileFuzzing = new AtomicInteger();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        try (TestNode node = TestNode.start(data, Map.of("mllp.max-message-bytes", String.valueOf(LIMIT),
                "mllp.first-frame-timeout-seconds", "2", "mllp.idle-timeout-seconds", "5"));
             ExecutorService pool = Executors.newFixedThreadPool(FUZZERS + 1)) {
            int port = node.node().mllpPort();
            Future<?> good = pool.submit(() -> wellBehaved(port, fuzzing, acked, sentWhileFuzzing, deadline));
            List<Future<?>> fuzzers = new ArrayList<>();
            for (int f = 0; f < FUZZERS; f++) {
                Random random = new Random(SEED + f);
                fuzzers.add(pool.submit(() -> fuzz(port, random, answers, deadline)));
            }
            for (Future<?> f : fuzzers) {
                f.get(TIME_LIMIT.toSeconds() + 30, TimeUnit.SECONDS);
            }
            fuzzing.set(false);
            good.get(60, TimeUnit.SECONDS);

            assertThat(sentWhileFuzzing.get()).as("the good sender was served throughout").isGreaterThanOrEqualTo(50);
            assertThat(answers.keySet()).as("answers seen").isSubsetOf(ACK_CODES);
            assertThat(answers.getOrDefault("AR", new AtomicInteger()).get()).as("frames refused").isGreaterThan(FUZZERS * CASES_PER_FUZZER / 4);
            await().atMost(Duration.ofSeconds(20)).until(() -> hl7(node).get("connections").asInt() == 0);
            JsonNode hl7 = hl7(node);
            assertThat(hl7.get("state").asText()).isEqualTo("LISTENING");
            assertThat(hl7.get("handlerFailures").asLong()).as("inputs that met an internal error").isZero();
            try (MllpTestClient after = new MllpTestClient(port)) {
                assertThat(MllpTestClient.msa(after.exchange(adt("GOOD-AFTER")), 1)).isEqualTo("AA");
                acked.add("GOOD-AFTER");
            }
        }
        Map<String, Integer> perControlId = new HashMap<>();
        for (EventEnvelope e : JournalScan.all(data)) {
            if (e.idempotencyKey().startsWith("hl7:GOOD:")) {
                perControlId.merge(e.idempotencyKey().substring("hl7:GOOD:GENHOSP:".length()), 1, Integer::sum);
            }
        }
        assertThat(perControlId.keySet()).containsExactlyInAnyOrderElementsOf(acked);
        assertThat(perControlId.values()).allMatch(n -> n == 1);
    }

    private static void wellBehaved(int port, AtomicBoolean fuzzing, Set<String> acked, AtomicInteger whileFuzzing,
                                    long deadline) {
        try (MllpTestClient client = new MllpTestClient(port)) {
            int n = 0;
            // Until the fuzzers are done, then a few more; never past the time limit.
            for (int after = 0; after < 10 && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(20); n++) {
                boolean during = fuzzing.get();
                String controlId = "GOOD-" + n;
                byte[] message = n % 2 == 0 ? adt(controlId) : oru(controlId);
                String ack = client.exchange(message);
                assertThat(ack).as(controlId + " answered").isNotNull();
                assertThat(MllpTestClient.msa(ack, 1)).as(controlId).isEqualTo("AA");
                acked.add(controlId);
                if (during) {
                    whileFuzzing.incrementAndGet();
                } else {
                    after++;
                }
            }
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One hostile sender: each case on a connection of its own, so broken framing cannot bleed into the next. */
    private static void fuzz(int port, Random random, Map<String, AtomicInteger> answers, long deadline) {
        for (int i = 0; i < CASES_PER_FUZZER && System.nanoTime() < deadline; i++) {
            int kind = random.nextInt(11);
            try (MllpTestClient client = new MllpTestClient(port)) {
                switch (kind) {
                    case 0 -> answered(client, nested(random), answers);
                    case 1 -> answered(client, sized(random), answers);
                    case 2 -> answered(client, encoded(random), answers);
                    case 3 -> answered(client, randomBytes(random), answers);
                    case 4, 5 -> answered(client, mutated(random), answers);
                    case 6 -> answered(client, (ascii(adt("FUZZ", "TWO-A")) + ascii(adt("FUZZ", "TWO-B")))
                            .getBytes(StandardCharsets.US_ASCII), answers);
                    case 7 -> answered(client, ("FHS|^~\\&|FUZZ\rBHS|^~\\&|FUZZ\r" + ascii(adt("FUZZ", "BAT"))
                            + "BTS|1\rFTS|1\r").getBytes(StandardCharsets.US_ASCII), answers);
                    case 8 -> answered(client, adt("FUZZ", "LONG-" + "9".repeat(100 + random.nextInt(3000))), answers);
                    default -> brokenFraming(client, random, answers);
                }
            } catch (java.io.IOException | UncheckedIOException e) {
                // The node may close a hostile connection at any time; that is its right.
            }
        }
    }

    private static void answered(MllpTestClient client, byte[] frame, Map<String, AtomicInteger> answers) {
        String ack = client.exchange(frame);
        assertThat(ack).as("a whole frame is answered").isNotNull();
        answers.computeIfAbsent(MllpTestClient.msa(ack, 1), k -> new AtomicInteger()).incrementAndGet();
    }

    /** Framing a sender gets wrong: no end, a start inside a frame, a lone end byte, bytes outside frames. */
    private static void brokenFraming(MllpTestClient client, Random random, Map<String, AtomicInteger> answers) {
        byte[] message = adt("FUZZ", "BRK-" + random.nextInt(1000));
        switch (random.nextInt(4)) {
            case 0 -> client.sendRaw(concat(new byte[] {0x0B}, message)); // cut off: the connection just ends
            case 1 -> {
                // A frame cut off by a new start byte: the whole frame after it is answered on its own.
                client.sendRaw(concat(new byte[] {0x0B}, java.util.Arrays.copyOf(message, message.length / 2)));
                answered(client, adt("FUZZ", "RESTART-" + random.nextInt(1000)), answers);
            }
            case 2 -> {
                byte[] lone = message.clone();
                lone[lone.length / 2] = 0x1C;
                answered(client, lone, answers);
            }
            default -> {
                byte[] noise = new byte[1 + random.nextInt(200)];
                random.nextBytes(noise);
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (byte) (noise[i] == 0x0B ? 0x20 : noise[i]);
                }
                client.sendRaw(noise);
                answered(client, message, answers);
            }
        }
    }

    /** Components, sub-components and repetitions many levels deep and wide, and very many segments. */
    private static byte[] nested(Random random) {
        StringBuilder b = new StringBuilder(header("ORU^R01", "NEST-" + random.nextInt(1_000_000), ""));
        b.append("PID|1||PAT-N\r");
        int width = 1 + random.nextInt(3000);
        String unit = switch (random.nextInt(4)) {
            case 0 -> "^";
            case 1 -> "&";
            case 2 -> "~";
            default -> "^&~\\";
        };
        b.append("OBX|1|NM|X^y^LN||").append(unit.repeat(width)).append("1|").append("^&".repeat(width)).append('\r');
        for (int s = 0; s < random.nextInt(1500); s++) {
            b.append(random.nextBoolean() ? "OBR|" : "OBX|").append(s).append("|CE|").append("^".repeat(s % 50))
                    .append('\r');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** From empty to twice the limit. */
    private static byte[] sized(Random random) {
        int size = random.nextInt(2 * LIMIT);
        StringBuilder b = new StringBuilder(header("ORU^R01", "SIZE-" + random.nextInt(1_000_000), ""));
        b.append("PID|1||PAT-S\r");
        for (int i = 1; b.length() < size; i++) {
            b.append("OBX|").append(i).append("|ST|NOTE||").append("x".repeat(1 + random.nextInt(300))).append('\r');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Declared, undeclared, wrong and unsupported character sets, with text that may not fit them. */
    private static byte[] encoded(Random random) {
        String[] declared = {"", "UNICODE UTF-8", "8859/1", "ASCII", "GB 18030", "BIG-5", "UNICODE UTF-16", "EBCDIC",
                "8859/15", "nonsense"};
        Charset[] actual = {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE, StandardCharsets.US_ASCII};
        String msh18 = declared[random.nextInt(declared.length)];
        String text = header("ADT^A08", "ENC-" + random.nextInt(1_000_000), "|||||" + msh18)
                + "EVN|A08\rPID|1||PAT-E||ZOË^ÅNGSTRÖM^测试\rPV1|1|I|ICU^^2\r";
        byte[] bytes = text.getBytes(actual[random.nextInt(actual.length)]);
        return random.nextInt(5) == 0 ? concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes) : bytes;
    }

    /** Random bytes, without the two that would end or restart the frame. */
    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(4096)];
        random.nextBytes(bytes);
        if (bytes.length > 8 && random.nextBoolean()) {
            System.arraycopy("MSH|^~\\&".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 8);
        }
        return withoutFrameBytes(bytes);
    }

    /** A valid ORU with bytes flipped, separators inserted or segments cut, MSH-1 to MSH-12 left alone. */
    private static byte[] mutated(Random random) {
        byte[] bytes = oru("FUZZ", "MUT-" + random.nextInt(1_000_000));
        int mshEnd = new String(bytes, StandardCharsets.US_ASCII).indexOf('\r');
        byte[] pool = "|^~\\&\r\n0123456789.-+ ZAMSHOBX".getBytes(StandardCharsets.US_ASCII);
        int edits = 1 + random.nextInt(12);
        for (int e = 0; e < edits; e++) {
            int at = mshEnd + 1 + random.nextInt(bytes.length - mshEnd - 1);
            bytes[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : pool[random.nextInt(pool.length)];
        }
        if (random.nextInt(4) == 0) {
            bytes = java.util.Arrays.copyOf(bytes, mshEnd + 1 + random.nextInt(bytes.length - mshEnd - 1));
        }
        return withoutFrameBytes(bytes);
    }

    private static byte[] withoutFrameBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0x0B || bytes[i] == 0x1C) {
                bytes[i] = 0x20;
            }
        }
        return bytes;
    }

    private static String header(String type, String controlId, String after12) {
        return "MSH|^~\\&|FUZZ|GENHOSP|HOLDFAST|EDGE|20261123080000||" + type + "|" + controlId + "|P|2.5" + after12
                + "\r";
    }

    private static byte[] adt(String controlId) {
        return adt("GOOD", controlId);
    }

    private static byte[] adt(String sender, String controlId) {
        return ("MSH|^~\\&|" + sender + "|GENHOSP|HOLDFAST|EDGE|20261123080000||ADT^A08|" + controlId + "|P|2.5\r"
                + "EVN|A08|20261123080000\rPID|1||PAT-" + controlId + "\rPV1|1|I|ICU^^3\r")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] oru(String controlId) {
        return oru("GOOD", controlId);
    }

    private static byte[] oru(String sender, String controlId) {
        return ("MSH|^~\\&|" + sender + "|GENHOSP|HOLDFAST|EDGE|20261123080000||ORU^R01|" + controlId + "|P|2.5.1\r"
                + "PID|1||PAT-" + controlId + "\rOBR|1|||24323-8|||20261123075500\r"
                + "OBX|1|NM|8867-4^Heart rate^LN||72|/min||N|||F|||20261123075500\r"
                + "OBX|2|NM|2823-3^Potassium^LN||4.1|mmol/L||N|||F\r").getBytes(StandardCharsets.US_ASCII);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static JsonNode hl7(TestNode node) {
        return node.api().status(TestNode.ADMIN_TOKEN).get("hl7");
    }
}
