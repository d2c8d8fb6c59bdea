package holdfast.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.shared.envelope.Lane;
import io.helidon.faulttolerance.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LaneSchedulerTest {

    private final UpstreamLink link = new UpstreamLink(Clock.systemUTC(), Duration.ofMinutes(5),
            CircuitBreaker.builder().build());

    @Test
    void aLaneWaitsWhileAMoreUrgentLaneHasBacklogButNeverLongerThanMaxWait() throws Exception {
        LaneScheduler scheduler = new LaneScheduler(Duration.ofMillis(300));
        AtomicBoolean criticalBacklog = new AtomicBoolean(true);
        scheduler.register(Lane.CRITICAL, criticalBacklog::get);

        long start = System.nanoTime();
        scheduler.awaitTurn(Lane.BATCH, link); // one batch per maxWait while critical has backlog
        scheduler.awaitTurn(Lane.BATCH, link);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(550))
                .isLessThan(Duration.ofSeconds(3));

        criticalBacklog.set(false);
        start = System.nanoTime();
        scheduler.awaitTurn(Lane.BATCH, link);
        scheduler.awaitTurn(Lane.BATCH, link);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
    }

    @Test
    void criticalNeverWaits() throws Exception {
        LaneScheduler scheduler = new LaneScheduler(Duration.ofSeconds(30));
        scheduler.register(Lane.STANDARD, () -> true);
        scheduler.register(Lane.BATCH, () -> true);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            scheduler.awaitTurn(Lane.CRITICAL, link);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
