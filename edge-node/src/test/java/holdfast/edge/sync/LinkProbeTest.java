package holdfast.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.MutableClock;
import holdfast.shared.envelope.Lane;
import io.helidon.faulttolerance.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LinkProbeTest {

    private final AtomicInteger returns = new AtomicInteger();
    private final UpstreamLink link = new UpstreamLink(new MutableClock(Instant.parse("2026-11-23T08:00:00Z")),
            Duration.ofMinutes(5), CircuitBreaker.builder().build(), returns::incrementAndGet);
    private final Scripted cloud = new Scripted();
    private final LinkProbe probe = new LinkProbe(cloud, link, Duration.ofMillis(500), Duration.ofSeconds(15));

    @Test
    void theProbeNamesEachTroubleAndItsFirstAnswerIsTheReturn() throws Exception {
        cloud.next.add(new SyncOutcome.Retry(null, "upstream refused the connection", UpstreamTrouble.UNREACHABLE));
        cloud.next.add(new SyncOutcome.Retry(Duration.ofSeconds(2), "upstream answered 429", UpstreamTrouble.BUSY));
        cloud.next.add(new SyncOutcome.Answered(List.of()));

        probe.probeOnce();
        assertThat(link.status().trouble()).isEqualTo("UNREACHABLE");
        probe.probeOnce();
        assertThat(link.status().trouble()).isEqualTo("BUSY");
        assertThat(returns).hasValue(0);
        probe.probeOnce();
        assertThat(link.connected()).isTrue();
        assertThat(returns).hasValue(1);
        assertThat(cloud.probes).as("probes only, never a batch").isEqualTo(3);
    }

    @Test
    void refusedCredentialsStopTheProbeUntilTheAuthRetryInterval() throws Exception {
        cloud.next.add(new SyncOutcome.Fatal(401, "upstream refused our credentials (401)"));
        probe.probeOnce();
        assertThat(link.status().state()).isEqualTo("UNAUTHORIZED");
        assertThat(link.probeDue(Duration.ofSeconds(15))).isFalse();
    }

    /** An upstream answering probes from a script; a batch send fails the test. */
    private static final class Scripted implements Upstream {
        final Deque<SyncOutcome> next = new ArrayDeque<>();
        int probes;

        @Override
        public SyncOutcome send(String batchId, Lane lane, List<byte[]> events) {
            throw new AssertionError("the probe sends no events");
        }

        @Override
        public SyncOutcome probe() {
            probes++;
            return next.removeFirst();
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
