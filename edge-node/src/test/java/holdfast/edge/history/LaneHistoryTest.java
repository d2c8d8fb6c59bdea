package holdfast.edge.history;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.MutableClock;
import holdfast.edge.threads.ThreadFailures;
import holdfast.shared.api.LaneStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaneHistoryTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:10Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final AtomicReference<LaneStatus> critical = new AtomicReference<>(lane(100, 100, 0));

    private static LaneStatus lane(long appended, long synced, long oldestAgeMs) {
        return new LaneStatus("critical", appended, synced, appended - synced, oldestAgeMs, true, null);
    }

    private LaneHistory history() {
        return new LaneHistory(dir.resolve("history.txt"), clock, () -> List.of(critical.get()), Duration.ofHours(24),
                ThreadFailures.unexposed());
    }

    @Test
    void countsWhatArrivedAndLeftInEachMinuteWhateverTheSamplingRate() {
        try (LaneHistory history = history()) {
            history.sample();
            critical.set(lane(130, 110, 4000));
            clock.advance(Duration.ofSeconds(20));
            history.sample();
            critical.set(lane(135, 135, 0));
            clock.advance(Duration.ofSeconds(40)); // 10:01:10, the next minute
            List<LaneHistory.Minute> rows = history.last(5).get("critical");
            assertThat(rows).containsExactly(
                    new LaneHistory.Minute(Instant.parse("2026-03-01T10:00:00Z"), 30, 10, 20, 4000),
                    new LaneHistory.Minute(Instant.parse("2026-03-01T10:01:00Z"), 5, 25, 0, 0));
        }
    }

    @Test
    void theHistorySurvivesARestartWithoutCountingAMinuteTwice() {
        try (LaneHistory history = history()) {
            history.sample();
            critical.set(lane(110, 100, 1000));
            clock.advance(Duration.ofSeconds(10));
            history.sample();
        }
        clock.advance(Duration.ofSeconds(5)); // restarted inside the same minute
        try (LaneHistory history = history()) {
            history.sample(); // the baseline: the counters went on from where they were
            critical.set(lane(112, 112, 0));
            clock.advance(Duration.ofSeconds(50)); // the minute ends and is written again
            history.sample();
        }
        clock.advance(Duration.ofMinutes(3));
        try (LaneHistory history = history()) {
            assertThat(history.last(10).get("critical")).startsWith(
                    new LaneHistory.Minute(Instant.parse("2026-03-01T10:00:00Z"), 10, 0, 10, 1000),
                    new LaneHistory.Minute(Instant.parse("2026-03-01T10:01:00Z"), 2, 12, 0, 0));
        }
    }

    @Test
    void aTornLineIsSkippedAndCountedAndOldMinutesAreForgotten() throws IOException {
        try (LaneHistory history = history()) {
            history.sample();
            critical.set(lane(101, 101, 0));
            clock.advance(Duration.ofMinutes(1));
            history.sample();
        }
        Files.writeString(dir.resolve("history.txt"), "2794", StandardOpenOption.APPEND);
        try (LaneHistory history = history()) {
            assertThat(history.unreadableLines()).isEqualTo(1);
            assertThat(history.last(10).get("critical")).extracting(LaneHistory.Minute::ingested).contains(1L);
        }
        clock.advance(Duration.ofHours(25));
        try (LaneHistory history = history()) {
            assertThat(history.last(1440).get("critical")).extracting(LaneHistory.Minute::minute)
                    .allMatch(m -> m.isAfter(clock.instant().minus(Duration.ofHours(24))));
            assertThat(Files.readString(dir.resolve("history.txt"))).doesNotContain(" critical 1 ");
        }
    }
}
