package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.edge.support.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener's limits: connections beyond max-connections are closed at once; idle ones after the timeout. */
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
            // Both first connections are silent from here on: the idle timeout closes them.
            assertThat(first.receive()).isNull();
            assertThat(second.receive()).isNull();
            // The slots are free again: a new connection is served.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (MllpTestClient again = new MllpTestClient(node.node().mllpPort())) {
                    return again.exchange(message("L-4")) != null;
                }
            });
        }
    }

    private static byte[] message(String controlId) {
        return ("MSH|^~\\&|LIM|GENHOSP|HOLDFAST|EDGE|20261123080000||ADT^A08|" + controlId + "|P|2.5\r"
                + "PID|1||PAT-LIM\rPV1|1|I|ICU^^1\r").getBytes(StandardCharsets.US_ASCII);
    }
}
