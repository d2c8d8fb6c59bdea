package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.Initiator;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import holdfast.edge.support.ChildNode;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Ports;
import holdfast.shared.envelope.EventEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise of the MLLP channel under a real crash: a stream over four connections, SIGKILL
 * mid-stream, and every message answered AA before the kill is in its journal exactly once
 * after the restart; resending the whole stream (HAPI's client) then gets AA for every one and doubles
 * nothing. The crash stream uses the raw client: it must see exactly which frames were answered before the
 * kill, and HAPI's initiator was seen to miss an occasional answer under four concurrent connections
 * (its response matching races), which would end a stream early.
 */
class Hl7CrashIT {

    private static final int CONNECTIONS = 4;
    private static final int PER_CONNECTION = 600;
    private static final int KILL_AFTER_ANSWERED = 1_000;

    @TempDir
    Path tmp;

    @Test
    void everyMessageAckedAaSurvivesKillNineExactlyOnce() throws Exception {
        Path data = tmp.resolve("node");
        int port = Ports.free();
        Map<String, String> env = Map.of("HOLDFAST_MLLP_PORT", String.valueOf(port));
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();

        ChildNode child = ChildNode.start(data, env);
        try (ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                running.add(senders.submit(() -> stream(port, connection, acked, answered)));
            }
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> answered.get() >= KILL_AFTER_ANSWERED);
            child.kill9();
            for (Future<?> f : running) {
                f.get(1, TimeUnit.MINUTES);
            }
        }
        assertThat(acked.size()).as("AA before the kill").isGreaterThanOrEqualTo(KILL_AFTER_ANSWERED - CONNECTIONS);
        assertThat(acked.size()).as("the kill landed mid-stream").isLessThan(CONNECTIONS * PER_CONNECTION);

        Map<String, Integer> afterCrash = counts(JournalScan.all(data));
        for (String key : acked) {
            assertThat(afterCrash.get(key)).as(key).isEqualTo(1);
        }
        try (ChildNode restarted = ChildNode.start(data, env)) {
            resend(port);
        }
        Map<String, Integer> finalCounts = counts(JournalScan.all(data));
        assertThat(finalCounts).hasSize(CONNECTIONS * PER_CONNECTION);
        assertThat(finalCounts.values()).allMatch(n -> n == 1);
    }

    private static Void stream(int port, int c, Set<String> acked, AtomicInteger answered) throws IOException {
        try (MllpTestClient client = new MllpTestClient(port)) {
            for (int i = 0; i < PER_CONNECTION; i++) {
                String ack;
                try {
                    ack = client.exchange(text(c, i).getBytes(StandardCharsets.US_ASCII));
                } catch (UncheckedIOException e) {
                    return null; // the node is gone: this connection's stream ends here
                }
                if (ack == null) {
                    return null;
                }
                answered.incrementAndGet();
                if ("AA".equals(MllpTestClient.msa(ack, 1))) {
                    acked.add(key(c, i));
                }
            }
        }
        return null;
    }

    private static void resend(int port) throws Exception {
        try (HapiContext ctx = context(); Connection connection = ctx.newClient("127.0.0.1", port, false)) {
            Initiator initiator = connection.getInitiator();
            initiator.setTimeout(10, TimeUnit.SECONDS);
            for (int c = 0; c < CONNECTIONS; c++) {
                for (int i = 0; i < PER_CONNECTION; i++) {
                    Message ack = initiator.sendAndReceive(ctx.getPipeParser().parse(text(c, i)));
                    assertThat(new Terser(ack).get("/MSA-1")).as(key(c, i)).isEqualTo("AA");
                }
            }
        }
    }

    /** HAPI's client context, with TCP_NODELAY: its encoder writes a frame in pieces (Nagle + delayed ACK). */
    static HapiContext context() {
        HapiContext ctx = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        ctx.setValidationContext(ValidationContextFactory.noValidation());
        ctx.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        ctx.setSocketFactory(new StandardSocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                Socket socket = super.createSocket();
                socket.setTcpNoDelay(true);
                return socket;
            }
        });
        return ctx;
    }

    private static String key(int c, int i) {
        return Hl7Events.key("CRASH", "GENHOSP", "C" + c + "-" + i);
    }

    private static String text(int c, int i) {
        String msh = "MSH|^~\\&|CRASH|GENHOSP|HOLDFAST|EDGE|20261123080000||";
        if (i % 2 == 0) {
            return msh + "ADT^A08|C" + c + "-" + i + "|P|2.5\rEVN|A08|20261123080000\r"
                    + "PID|1||PAT-" + c + "-" + i + "\rPV1|1|I|ICU^^" + (i % 10) + "\r";
        }
        return msh + "ORU^R01|C" + c + "-" + i + "|P|2.5\rPID|1||PAT-" + c + "-" + i + "\r"
                + "OBR|1||LAB-" + i + "|BMP|||20261123075000\r"
                + "OBX|1|NM|2823-3^Potassium^LN||" + (i % 3 == 0 ? "7.1" : "4.2") + "|mmol/L||"
                + (i % 3 == 0 ? "HH" : "N") + "|||F\r";
    }

    /** The HL7 messages journaled, by key (the alerts their flagged results raise are the node's own events). */
    private static Map<String, Integer> counts(List<EventEnvelope> events) {
        Map<String, Integer> counts = new HashMap<>();
        events.stream().filter(e -> e.idempotencyKey().startsWith("hl7:"))
                .forEach(e -> counts.merge(e.idempotencyKey(), 1, Integer::sum));
        return counts;
    }
}
