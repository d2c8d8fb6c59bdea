package holdfast.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.shared.envelope.Lane;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LaneSchedulerTest {

    private final AtomicLong nanos = new AtomicLong(-1_000_000_000_000L); // nanoTime may be negative
    private final FakeLane critical = new FakeLane();
    private final FakeLane standard = new FakeLane();
    private final FakeLane batch = new FakeLane();

    private LaneScheduler scheduler(Duration maxWait) {
        LaneScheduler scheduler = new LaneScheduler(maxWait, nanos::get);
        scheduler.register(Lane.CRITICAL, critical);
        scheduler.register(Lane.STANDARD, standard);
        scheduler.register(Lane.BATCH, batch);
        return scheduler;
    }

    @Test
    void aLaneWaitsWhileAMoreUrgentLaneHasBacklogButNeverLongerThanMaxWait() {
        LaneScheduler scheduler = scheduler(Duration.ofMillis(300));
        critical.appended = 10;

        assertThat(scheduler.tryTurn(Lane.BATCH, false)).isPositive();
        advance(Duration.ofMillis(299));
        assertThat(scheduler.tryTurn(Lane.BATCH, false)).isPositive();
        advance(Duration.ofMillis(1));
        assertThat(scheduler.tryTurn(Lane.BATCH, false)).as("one batch per maxWait").isZero();
        assertThat(scheduler.tryTurn(Lane.BATCH, false)).as("and only one").isPositive();

        critical.synced = 10;
        assertThat(scheduler.tryTurn(Lane.BATCH, false)).isZero();
        assertThat(scheduler.tryTurn(Lane.BATCH, false)).isZero();
    }

    @Test
    void criticalNeverWaits() {
        LaneScheduler scheduler = scheduler(Duration.ofSeconds(30));
        standard.appended = 5;
        batch.appended = 5;
        for (int i = 0; i < 5; i++) {
            assertThat(scheduler.tryTurn(Lane.CRITICAL, true)).isZero();
            assertThat(scheduler.untilClear(Lane.CRITICAL, true)).isZero();
        }
    }

    @Test
    void whileTheLinkIsLostLowerLanesDoNotTryAsLongAsCriticalHasBacklog() {
        LaneScheduler scheduler = scheduler(Duration.ofMillis(300));
        critical.appended = 3;
        advance(Duration.ofMinutes(10));
        assertThat(scheduler.untilClear(Lane.STANDARD, true)).isPositive();
        assertThat(scheduler.tryTurn(Lane.BATCH, true)).as("not even the anti-starvation batch").isPositive();

        critical.synced = 3;
        assertThat(scheduler.untilClear(Lane.STANDARD, true)).as("nothing critical to protect").isZero();
    }

    @Test
    void afterTheCloudReturnsLowerLanesSendNothingUntilTheCriticalBacklogOfThatMomentIsAccepted() {
        LaneScheduler scheduler = scheduler(Duration.ofMillis(300));
        critical.appended = 100;
        standard.appended = 50;
        scheduler.linkReturned();
        critical.appended = 120; // arrived after the return: ordinary priority rules for these

        advance(Duration.ofMinutes(10));
        assertThat(scheduler.untilClear(Lane.STANDARD, false)).isPositive();
        assertThat(scheduler.tryTurn(Lane.STANDARD, false)).as("maxWait does not apply").isPositive();
        critical.synced = 99;
        assertThat(scheduler.tryTurn(Lane.BATCH, false)).isPositive();

        critical.synced = 100;
        assertThat(scheduler.untilClear(Lane.STANDARD, false)).isZero();
        assertThat(scheduler.tryTurn(Lane.STANDARD, false)).as("normal scheduling again: waited past maxWait")
                .isZero();
        assertThat(scheduler.tryTurn(Lane.STANDARD, false)).as("critical still has backlog").isPositive();
    }

    @Test
    void drainingLastsUntilEveryLaneHasSentWhatItHeldAtTheReturn() {
        LaneScheduler scheduler = scheduler(Duration.ofMillis(300));
        assertThat(scheduler.draining()).isFalse();
        scheduler.linkReturned();
        assertThat(scheduler.draining()).as("nothing held at the return").isFalse();

        critical.appended = 10;
        batch.appended = 40;
        scheduler.linkReturned();
        batch.appended = 45;
        assertThat(scheduler.draining()).isTrue();
        critical.synced = 10;
        assertThat(scheduler.draining()).isTrue();
        batch.synced = 40;
        assertThat(scheduler.draining()).as("later arrivals are ordinary traffic").isFalse();
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    /** A lane whose journal and cursor the test sets by hand. */
    private static final class FakeLane implements LaneScheduler.LaneView {
        volatile long appended;
        volatile long synced;

        @Override
        public boolean hasBacklog() {
            return appended > synced;
        }

        @Override
        public long appendedSeq() {
            return appended;
        }

        @Override
        public long syncedSeq() {
            return synced;
        }
    }
}
