package holdfast.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendRateTest {

    private final AtomicLong nanos = new AtomicLong(-7_000_000_000L);
    private final SendRate rate = new SendRate(nanos::get);

    @Test
    void rateIsEventsAnsweredPerSecondOverTheLastFewSeconds() {
        assertThat(rate.perSecond()).isZero();
        for (int i = 0; i < 20; i++) {
            rate.record(500);
            nanos.addAndGet(Duration.ofMillis(100).toNanos());
        }
        assertThat(rate.perSecond()).isCloseTo(5_000, within(600.0));

        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(rate.perSecond()).as("forgotten after the window").isZero();
    }
}
