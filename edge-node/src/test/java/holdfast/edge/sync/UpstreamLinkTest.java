package holdfast.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.edge.support.MutableClock;
import holdfast.shared.api.UpstreamStatus;
import io.helidon.faulttolerance.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UpstreamLinkTest {

    private final AtomicInteger returns = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final UpstreamLink link = new UpstreamLink(clock, Duration.ofMinutes(5), CircuitBreaker.builder().build(),
            returns::incrementAndGet);

    private static final SyncOutcome.Retry REFUSED = new SyncOutcome.Retry(null, "upstream refused the connection",
            UpstreamTrouble.UNREACHABLE);

    @Test
    void theFirstAnswerAfterTheLinkWasLostWakesEveryWaitingLaneAtOnce() throws Exception {
        link.succeeded();
        link.failed(REFUSED);
        List<Thread> lanes = List.of(waiting(), waiting(), waiting());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lanes.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));

        link.succeeded();

        for (Thread lane : lanes) {
            lane.join(Duration.ofSeconds(10));
            assertThat(lane.isAlive()).as("woken long before its hour of backoff").isFalse();
        }
        assertThat(returns).as("start-up and one return").hasValue(2);
        link.succeeded();
        assertThat(returns).as("a success on a connected link is no return").hasValue(2);
    }

    @Test
    void theLinkIsLostFromStartUpUntilTheFirstAnswer() {
        assertThat(link.lost()).isTrue();
        assertThat(link.probeDue(Duration.ofMinutes(1))).isTrue();
        link.succeeded();
        assertThat(link.lost()).isFalse();
        assertThat(link.probeDue(Duration.ofMinutes(1))).as("connected and recently heard").isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(link.probeDue(Duration.ofMinutes(1))).as("idle check").isTrue();
    }

    @Test
    void aBusyCloudIsNamedBusyWithItsRetryAfterAndNotProbedBeforeIt() {
        link.succeeded();
        link.failed(new SyncOutcome.Retry(Duration.ofSeconds(30), "upstream answered 503", UpstreamTrouble.BUSY));
        UpstreamStatus status = link.status();
        assertThat(status.trouble()).isEqualTo("BUSY");
        assertThat(status.retryAfterSeconds()).isEqualTo(30L);
        assertThat(link.lost()).isTrue();
        assertThat(link.probeDue(Duration.ofMinutes(1))).isFalse();

        link.retryNow();
        assertThat(link.probeDue(Duration.ofMinutes(1))).as("an operator's retry ends the wait").isTrue();
    }

    @Test
    void anUnreachableCloudIsNamedApartFromABusyOneAndAFailedBatchDoesNotHideIt() {
        link.succeeded();
        link.failed(REFUSED);
        link.failed("sync worker error on lane batch: boom");
        UpstreamStatus status = link.status();
        assertThat(status.state()).isEqualTo("DISCONNECTED");
        assertThat(status.trouble()).isEqualTo("UNREACHABLE");
        assertThat(status.retryAfterSeconds()).isNull();
        assertThat(status.lastError()).isEqualTo("upstream refused the connection");
        assertThat(link.probeDue(Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void batchesTheCloudFailsArePacedByBackoffNotByTheProbe() {
        link.succeeded();
        link.failed(new SyncOutcome.Retry(null, "upstream failed (500)", UpstreamTrouble.FAILING));
        assertThat(link.status().trouble()).isEqualTo("FAILING");
        assertThat(link.lost()).isFalse();
        assertThat(link.probeDue(Duration.ofMillis(1))).isFalse();
        link.succeeded();
        assertThat(returns).as("no outage, no return").hasValue(1);
        assertThat(link.status().trouble()).isNull();
    }

    private Thread waiting() {
        return Thread.ofPlatform().daemon(true).start(() -> {
            try {
                link.pause(Duration.ofHours(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
