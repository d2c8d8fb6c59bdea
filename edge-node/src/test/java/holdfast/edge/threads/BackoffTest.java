package holdfast.edge.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithJitterUpToTheMaximumAndStartOverAfterReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(7));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(backoff.next()).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        for (int i = 0; i < 40; i++) {
            assertThat(backoff.next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(1_000));
        }
        assertThat(backoff.next()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1_000));
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void jitterSpreadsTheRetriesOfManyClients() {
        long distinct = new Random(1).ints(50).mapToObj(seed -> {
            Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(30_000), new Random(seed));
            for (int i = 0; i < 5; i++) {
                b.next();
            }
            return b.next().toMillis();
        }).distinct().count();
        assertThat(distinct).isGreaterThan(40);
    }

    @Test
    void retryAfterFromThePeerWinsWithALittleJitter() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(3));
        assertThat(backoff.after(Duration.ofSeconds(5))).isBetween(Duration.ofSeconds(5), Duration.ofMillis(5_100));
    }
}
