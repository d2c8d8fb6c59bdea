package holdfast.console.status;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.CanaryStatus;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProofLineTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static NodeStatus with(CanaryStatus canary) {
        NodeStatus s = FakeEdgeNodeClient.status(NodeMode.ONLINE);
        return new NodeStatus(s.nodeId(), s.mode(), s.modeSince(), s.modeCause(), s.upstream(), s.lanes(),
                s.reconciliations(), s.deadLetters(), s.diskFreeBytes(), s.mqtt(), s.breakGlass(), s.hl7(),
                s.channels(), s.attention(), canary);
    }

    private static CanaryStatus.CanaryPath path(Long toDisk, Long toCloud) {
        return new CanaryStatus.CanaryPath(toDisk, toCloud, null, null, null, null, null);
    }

    @Test
    void saysWhenTheLastProofWasInLocalTimeAndTheSlowestPath() {
        String line = ProofLine.of(with(new CanaryStatus(Instant.parse("2026-11-23T13:02:11Z"), 300, Map.of(
                "http", path(12L, 47L), "mqtt", path(28L, 792L), "hl7", path(41L, 127L)))), BERLIN);
        assertThat(line).isEqualTo("Last end-to-end proof 14:02:11 CET: 820 ms at most from sender to cloud "
                + "(hl7 41 ms to disk + 127 ms to cloud, http 12 ms to disk + 47 ms to cloud, "
                + "mqtt 28 ms to disk + 792 ms to cloud)");
    }

    @Test
    void saysSoWhenThereIsNoProofYetOrNoCanary() {
        assertThat(ProofLine.of(with(new CanaryStatus(null, 300, Map.of("http", path(12L, null)))), BERLIN))
                .isEqualTo("End-to-end proof: none yet (http 12 ms to disk + \u2014 to cloud)");
        assertThat(ProofLine.of(with(null), BERLIN)).startsWith("End-to-end proof: off");
    }
}
