package holdfast.edge.senders;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sender's silence is judged against its own rhythm at this hour of the day, on an injected clock: silent once
 * quiet for three of its gaps during hours it sends, never at an hour it does not, with the usual grace at the
 * start of its day; a configured sender never heard from is listed {@code never}.
 */
class SenderActivityTest {

    /** A Monday, 08:00 UTC: a fixed instant, so nothing depends on today's date. */
    private static final Instant MONDAY_8 = Instant.parse("2026-01-05T08:00:00Z");

    private final MutableClock clock = new MutableClock(MONDAY_8);

    private static SenderSettings settings(List<SenderSettings.Expected> expected) {
        return new SenderSettings(3, Duration.ofSeconds(60), 5, 200, expected);
    }

    /** LAB sends every minute from {@code minutes} on; the clock ends at its last message. */
    private void sendEveryMinute(SenderActivity senders, int minutes) {
        for (int i = 0; i < minutes; i++) {
            senders.answered("LAB", "HOSP", "AA", null);
            if (i < minutes - 1) {
                clock.advance(Duration.ofMinutes(1));
            }
        }
    }

    private static SenderSummary lab(SenderActivity senders) {
        return senders.summaries().stream().filter(s -> s.application().equals("LAB")).findFirst().orElseThrow();
    }

    @Test
    void aSenderQuietForThreeOfItsGapsAtAnHourItSendsIsSilentAndOkAgainWhenItSends() {
        SenderActivity senders = new SenderActivity(settings(List.of()), clock);
        sendEveryMinute(senders, 20);
        assertThat(lab(senders).expectedGapSeconds()).isEqualTo(60);
        assertThat(lab(senders).gapSource()).isEqualTo("learned");

        clock.advance(Duration.ofSeconds(179));
        assertThat(lab(senders).state()).isEqualTo("ok");
        clock.advance(Duration.ofSeconds(2));
        assertThat(lab(senders).state()).isEqualTo("silent");
        assertThat(senders.silent()).containsExactly("LAB^HOSP");
        assertThat(senders.counts().get(SenderState.SILENT)).isEqualTo(1);

        senders.answered("LAB", "HOSP", "AA", null);
        assertThat(lab(senders).state()).isEqualTo("ok");
        assertThat(senders.silent()).isEmpty();
    }

    @Test
    void aSenderIsNeverSilentAtAnHourItDoesNotNormallySend() {
        SenderActivity senders = new SenderActivity(settings(List.of()), clock);
        sendEveryMinute(senders, 60); // 08:00 to 08:59
        clock.advance(Duration.ofMinutes(95)); // 10:34: hour 10 has never seen it
        assertThat(lab(senders).state()).isEqualTo("ok");
        assertThat(lab(senders).expectedGapSeconds()).isNull();
    }

    @Test
    void theFirstHourOfItsUsualDayGivesTheSenderItsUsualGraceAfterTheNight() {
        SenderActivity senders = new SenderActivity(settings(List.of()), clock);
        sendEveryMinute(senders, 120); // 08:00 to 09:59 on Monday
        clock.advance(Duration.ofHours(22).plusMinutes(3)); // Tuesday 08:02: quiet since last night, but it is early
        assertThat(lab(senders).state()).isEqualTo("ok");
        clock.advance(Duration.ofMinutes(2)); // 08:04: more than three of its gaps into its day
        assertThat(lab(senders).state()).isEqualTo("silent");
    }

    @Test
    void aConfiguredSenderNeverHeardFromIsListedNeverAndItsIntervalDecidesSilence() {
        SenderActivity senders = new SenderActivity(settings(List.of(
                new SenderSettings.Expected("ADT", "", Duration.ofMinutes(10)))), clock);
        assertThat(senders.summaries()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo("never");
            assertThat(s.gapSource()).isEqualTo("configured");
        });
        senders.answered("ADT", "WARD", "AA", null); // any facility: the entry names none
        clock.advance(Duration.ofMinutes(29));
        assertThat(senders.summaries().getFirst().state()).isEqualTo("ok");
        clock.advance(Duration.ofMinutes(2));
        assertThat(senders.summaries().getFirst().state()).isEqualTo("silent");
    }

    @Test
    void answersAreCountedPerAckCodeWithTheLastRefusalAsAReasonCodeNeverItsWords() {
        SenderActivity senders = new SenderActivity(settings(List.of()), clock);
        senders.connected("LAB", "HOSP");
        senders.answered("LAB", "HOSP", "AA", null);
        senders.answered("LAB", "HOSP", "AE", "MSH-10 (message control id) is required");
        senders.answered("LAB", "HOSP", "AR", "message of 9000000 bytes is larger than the limit of 1048576 bytes");
        SenderSummary lab = lab(senders);
        assertThat(lab.connections()).isEqualTo(1);
        assertThat(lab.acks()).containsEntry("AA", 1L).containsEntry("AE", 1L).containsEntry("AR", 1L);
        assertThat(lab.lastAck()).isEqualTo("AR");
        assertThat(lab.lastErrorCode()).isEqualTo("too-large");
        assertThat(lab.lastErrorWords()).doesNotContain("9000000");
        assertThat(senders.acks("AE")).isEqualTo(1);
        senders.disconnected("LAB", "HOSP");
        assertThat(lab(senders).connections()).isZero();
    }

    @Test
    void sendersBeyondTheLimitAreCountedTogether() {
        SenderActivity senders = new SenderActivity(new SenderSettings(3, Duration.ZERO, 5, 2, List.of()), clock);
        for (int i = 0; i < 5; i++) {
            senders.answered("APP" + i, "F", "AA", null);
        }
        assertThat(senders.summaries()).extracting(SenderSummary::application)
                .containsExactlyInAnyOrder("APP0", "APP1", SenderActivity.OTHERS);
        assertThat(senders.summaries().stream().filter(s -> s.application().equals(SenderActivity.OTHERS))
                .findFirst().orElseThrow().acks().get("AA")).isEqualTo(3);
    }
}
