package holdfast.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short kill loop: the packaged node killed with SIGKILL twice under HTTP, MQTT and HL7 load and an operator's
 * actions, its cloud coming and going, restarted each time by the same command over the same data dir. The full
 * loop is {@code ./holdfast chaos kill-loop} (50 kills, docs/benchmarks.md).
 */
class KillLoopIT {

    @TempDir
    Path tmp;

    @Test
    void afterKillNineUnderLoadNothingAcknowledgedIsLostOrDoubledAndEveryActionIsWhole() throws Exception {
        List<String> jvmArgs = Arrays.asList(System.getProperty("holdfast.jvm.args", "").trim().split("\\s+"));
        KillLoop.Result result = new KillLoop(new KillLoop.Options(2, 42, tmp,
                Path.of("..", "edge-node", "target", "holdfast-edge-node.jar"), jvmArgs, Duration.ofSeconds(1),
                Duration.ofSeconds(3), Duration.ofMillis(60), Duration.ofMinutes(10))).run();

        assertThat(result.failures()).as(result.report()).isEmpty();
        assertThat(result.kills()).isEqualTo(2);
        assertThat(result.restarts()).isGreaterThanOrEqualTo(2);
        assertThat(result.ackedPerChannel()).as("every channel had acknowledged inputs to check")
                .containsKeys("http", "mqtt", "hl7");
        assertThat(result.lost()).isZero();
        assertThat(result.doubled()).isZero();
        assertThat(result.gaps()).isZero();
    }
}
