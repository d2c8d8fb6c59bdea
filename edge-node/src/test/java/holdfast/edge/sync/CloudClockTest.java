package holdfast.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudClockTest {

    private static final Instant SENT = Instant.parse("2031-03-10T12:00:00Z");
    private final MutableClock clock = new MutableClock(SENT);
    private final CloudClock cloud = new CloudClock(clock);

    @Test
    void theSkewIsTheCloudsDateAgainstTheMiddleOfTheRoundTrip() {
        Instant sent = cloud.now();
        clock.advance(Duration.ofSeconds(2));
        cloud.observe(Optional.of(date(SENT.plusSeconds(1 + 95))), sent, cloud.now());

        assertThat(cloud.last()).hasValueSatisfying(r -> {
            assertThat(r.skew()).isEqualTo(Duration.ofSeconds(95));
            assertThat(r.measuredAt()).isEqualTo(SENT.plusSeconds(2));
        });

        cloud.observe(Optional.of(date(SENT.minusSeconds(40))), SENT, SENT);
        assertThat(cloud.last().orElseThrow().skew()).as("the node ahead").isEqualTo(Duration.ofSeconds(-40));
    }

    @Test
    void anAnswerWithoutOrWithABadDateLeavesTheLastMeasurement() {
        cloud.observe(Optional.empty(), SENT, SENT);
        assertThat(cloud.last()).isEmpty();
        cloud.observe(Optional.of(date(SENT.plusSeconds(5))), SENT, SENT);
        cloud.observe(Optional.of("yesterday, around noon"), SENT, SENT);
        assertThat(cloud.last().orElseThrow().skew()).isEqualTo(Duration.ofSeconds(5));
    }

    private static String date(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }
}
