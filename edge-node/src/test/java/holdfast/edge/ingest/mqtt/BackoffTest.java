package holdfast.edge.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysGrowWithJitterUpToTheCapAndStartOverAfterReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(7));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
        long second = backoff.next().toMillis();
        assertThat(second).isBetween(100L, 200L);
        for (int i = 0; i < 20; i++) {
            assertThat(backoff.next().toMillis()).isBetween(100L, 1_000L);
        }
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void jitterSpreadsReconnectsOfManyClients() {
        long distinct = new Random(1).ints(50).mapToObj(seed -> {
            Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(30_000), new Random(seed));
            for (int i = 0; i < 5; i++) {
                b.next();
            }
            return b.next().toMillis();
        }).distinct().count();
        assertThat(distinct).isGreaterThan(40);
    }
}
