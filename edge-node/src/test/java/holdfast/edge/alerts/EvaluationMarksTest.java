package holdfast.edge.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.shared.envelope.Lane;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationMarksTest {

    @Test
    void theMarkFollowsJudgedReadingsWhenNothingIsLeftToRaise() {
        EvaluationMarks marks = new EvaluationMarks();
        marks.resumeFrom(Map.of(Lane.STANDARD, 10L));
        marks.judged(Lane.STANDARD, 12L);
        marks.judged(Lane.STANDARD, 11L); // judged out of order by another request thread

        assertThat(marks.marks()).containsEntry(Lane.STANDARD, 12L);
    }

    @Test
    void theMarkStaysBelowAReadingWhoseRaiseIsStillQueued() {
        EvaluationMarks marks = new EvaluationMarks();
        marks.raising(Lane.STANDARD, 5L);
        marks.judged(Lane.STANDARD, 5L);
        marks.judged(Lane.STANDARD, 9L);

        assertThat(marks.marks()).containsEntry(Lane.STANDARD, 4L);

        marks.raised(Lane.STANDARD, 5L);
        assertThat(marks.marks()).containsEntry(Lane.STANDARD, 9L);
    }

    @Test
    void twoRaisesForOneReadingHoldTheMarkUntilBothRan() {
        EvaluationMarks marks = new EvaluationMarks();
        marks.raising(Lane.CRITICAL, 7L);
        marks.raising(Lane.CRITICAL, 7L);
        marks.judged(Lane.CRITICAL, 7L);

        marks.raised(Lane.CRITICAL, 7L);
        assertThat(marks.marks()).containsEntry(Lane.CRITICAL, 6L);
        marks.raised(Lane.CRITICAL, 7L);
        assertThat(marks.marks()).containsEntry(Lane.CRITICAL, 7L);
    }

    @Test
    void aQueuedRaiseInOneLaneDoesNotHoldAnother() {
        EvaluationMarks marks = new EvaluationMarks();
        marks.raising(Lane.CRITICAL, 3L);
        marks.judged(Lane.CRITICAL, 3L);
        marks.judged(Lane.BATCH, 40L);

        assertThat(marks.marks()).containsEntry(Lane.BATCH, 40L).containsEntry(Lane.CRITICAL, 2L);
    }
}
