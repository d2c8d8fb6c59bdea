package holdfast.edge.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GrowthTest {

    private static final Instant T = Instant.parse("2031-01-01T00:00:00Z");

    @Test
    void aRiseIsMeasuredFromTheLowestCountInsideTheWindowOnly() {
        Growth growth = new Growth(Duration.ofMinutes(10));
        assertThat(growth.rise(T, 5)).isZero();
        assertThat(growth.rise(T.plusSeconds(60), 3)).as("resolved items do not count").isZero();
        assertThat(growth.rise(T.plusSeconds(120), 12)).isEqualTo(9);
        assertThat(growth.rise(T.plusSeconds(61 + 600), 12)).as("the low point has left the window").isZero();
    }
}
