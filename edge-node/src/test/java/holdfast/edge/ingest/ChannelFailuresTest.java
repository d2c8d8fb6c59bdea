package holdfast.edge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChannelFailuresTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final ChannelFailures failures = new ChannelFailures(clock);

    @Test
    void aChannelThatKeepsFailingIsFailingUntilTheWindowPasses() {
        assertThat(failures.states()).isEmpty();
        failures.failed("mqtt", "NullPointerException");
        failures.failed("mqtt", "NullPointerException");
        assertThat(failures.anyFailing()).as("two are an incident, not a failing channel").isFalse();
        clock.advance(Duration.ofSeconds(30));
        failures.failed("mqtt", "IllegalStateException");
        assertThat(failures.anyFailing()).isTrue();
        ChannelFailures.State mqtt = failures.states().get(0);
        assertThat(mqtt.channel()).isEqualTo("mqtt");
        assertThat(mqtt.failures()).isEqualTo(3);
        assertThat(mqtt.lastError()).isEqualTo("IllegalStateException");
        assertThat(mqtt.lastFailureAt()).isEqualTo(clock.instant());

        clock.advance(ChannelFailures.WINDOW.minusSeconds(31));
        assertThat(failures.anyFailing()).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(failures.anyFailing()).as("the first of the three left the window").isFalse();
        assertThat(failures.total("mqtt")).isEqualTo(3);
        assertThat(failures.total("http")).isZero();
    }

    @Test
    void failuresSpreadOverTimeNeverMakeAChannelFailing() {
        for (int i = 0; i < 10; i++) {
            failures.failed("http", "RuntimeException");
            clock.advance(ChannelFailures.WINDOW.dividedBy(2).plusSeconds(1));
        }
        assertThat(failures.anyFailing()).isFalse();
        assertThat(failures.total("http")).isEqualTo(10);
    }
}
