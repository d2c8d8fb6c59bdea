package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener's limits: connections beyond max-connections are closed at once, idle ones after the timeout;
 * one host cannot take every slot (per-peer limit) and silent connections are closed at the first-frame
 * deadline, so a real sender gets through while 64 silent sockets are open, and the refusals show in the
 * status, the health detail and the metrics. Peers are played by other loopback addresses (127.0.0.x).
 */
class Hl7ConnectionLimitsIT {

    @TempDir
    Path tmp;

    @Test
    void connectionsBeyondTheLimitAreClosedAndIdleOnesTimeOut() throws Exception {
        try (TestNode node = TestNode.start(tmp.resolve("node"), Map.of("mllp.max-connections", "2",
                "mllp.idle-timeout-seconds", "1"));
             MllpTestClient first = new MllpTestClient(node.node().mllpPort());
             MllpTestClient second = new MllpTestClient(node.node().mllpPort())) {
            assertThat(MllpTestClient.msa(first.exchange(message("L-1")), 1)).isEqualTo("AA");
            assertThat(MllpTestClient.msa(second.exchange(message("L-2")), 1)).isEqualTo("AA");
            try (MllpTestClient third = new MllpTestClient(node.node().mllpPort())) {
                third.send(message("L-3"));
                assertThat(third.receive()).as("third connection closed without an answer").isNull();
            }
            // Both first connections are silent from here on: the idle timeout closes them, counted as idle.
            assertThat(first.receive()).isNull();
            assertThat(second.receive()).isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> node.api().get("/observe/metrics", null).body()
                    .contains("holdfast_mllp_connection_noise{reason=\"idle\"} 2"));
            // The slots are free again: a new connection is served.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (MllpTestClient again = new MllpTestClient(node.node().mllpPort())) {
                    return again.exchange(message("L-4")) != null;
                }
            });
        }
    }

    @Test
    void aRealSenderGetsThroughWhileSixtyFourSilentSocketsAreOpen() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try (TestNode node = TestNode.start(tmp.resolve("node"), Map.of("mllp.first-frame-timeout-seconds", "3",
                "ops.min-duration-seconds", "0", "ops.clear-after-seconds", "0", "ops.check-interval-ms", "100"))) {
            int port = node.node().mllpPort();
            // One host opens 64 silent sockets: it gets its 32 (the per-peer limit), the rest are closed at once.
            for (int i = 0; i < 64; i++) {
                silent.add(MllpTestClient.from("127.0.0.2", port));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> hl7(node).get("refusedConnections").asLong() == 32);
            try (MllpTestClient sender = new MllpTestClient(port)) {
                assertThat(MllpTestClient.msa(sender.exchange(message("S-1")), 1))
                        .as("another host is served at once").isEqualTo("AA");
            }
            // The silent ones are closed at the first-frame deadline, not after the idle timeout (300 s).
            await().atMost(Duration.ofSeconds(20)).until(() -> hl7(node).get("connections").asInt() == 0);
            assertThat(hl7(node).get("firstFrameTimeouts").asLong()).isEqualTo(32);
            closeAll(silent);

            // 64 silent sockets from two hosts take every slot: the node shows it, and a real sender that retries
            // (as senders do when a connection is closed on them) gets through once the deadline frees the slots.
            for (int i = 0; i < 32; i++) {
                silent.add(MllpTestClient.from("127.0.0.3", port));
                silent.add(MllpTestClient.from("127.0.0.4", port));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> hl7(node).get("connections").asInt() == 64);
            JsonNode saturated = hl7(node);
            assertThat(saturated.get("state").asText()).isEqualTo("SATURATED");
            assertThat(saturated.get("maxConnections").asInt()).isEqualTo(64);
            assertThat(saturated.get("maxConnectionsPerPeer").asInt()).isEqualTo(32);
            assertThat(node.api().get("/observe/health", null).body()).contains("SATURATED");
            await().atMost(Duration.ofSeconds(5)).until(() -> node.api().get("/api/v1/operator-alerts?status=all",
                    TestNode.ADMIN_TOKEN).body().contains("\"condition\":\"hl7-listener-saturated\""));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> answered(port, message("S-2")));
            await().atMost(Duration.ofSeconds(20)).until(() -> hl7(node).get("state").asText().equals("LISTENING"));
            String metrics = node.api().get("/observe/metrics", null).body();
            assertThat(metrics).contains("holdfast_mllp_connection_noise{reason=\"peer-limit\"} 32")
                    .containsPattern("holdfast_mllp_connection_noise\\{reason=\"first-frame-timeout\"} (9[6-9]|1\\d\\d)")
                    .contains("holdfast_mllp_refused_connections ");
        } finally {
            closeAll(silent);
        }
    }

    private static JsonNode hl7(TestNode node) {
        return node.api().status(TestNode.ADMIN_TOKEN).get("hl7");
    }

    /** One attempt of a sender: true when the message was answered AA, false when the connection was refused. */
    private static boolean answered(int port, byte[] message) {
        try (MllpTestClient sender = new MllpTestClient(port)) {
            String ack = sender.exchange(message);
            return ack != null && MllpTestClient.msa(ack, 1).equals("AA");
        } catch (IOException | UncheckedIOException e) {
            return false; // reset by the node at the limit
        }
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // the node may have closed it already
            }
        }
        sockets.clear();
    }

    private static byte[] message(String controlId) {
        return ("MSH|^~\\&|LIM|GENHOSP|HOLDFAST|EDGE|20261123080000||ADT^A08|" + controlId + "|P|2.5\r"
                + "PID|1||PAT-LIM\rPV1|1|I|ICU^^1\r").getBytes(StandardCharsets.US_ASCII);
    }
}
