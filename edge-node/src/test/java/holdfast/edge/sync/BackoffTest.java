package holdfast.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithJitterUpToTheMaximumAndResetAfterSuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        assertThat(backoff.next()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(backoff.next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(backoff.next()).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        for (int i = 0; i < 40; i++) {
            assertThat(backoff.next()).isBetween(Duration.ofMillis(1), Duration.ofMillis(1_000));
        }
        assertThat(backoff.next()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1_000));
        backoff.reset();
        assertThat(backoff.next()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void retryAfterFromTheCloudWinsWithALittleJitter() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        assertThat(backoff.after(Duration.ofSeconds(5))).isBetween(Duration.ofSeconds(5), Duration.ofMillis(5_100));
    }
}
