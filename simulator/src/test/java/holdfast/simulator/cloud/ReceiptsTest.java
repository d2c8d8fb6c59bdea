package holdfast.simulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceiptsTest {

    private static CloudEvent event(String eventId, String key, long laneSeq) {
        return new CloudEvent(eventId, key, "standard", laneSeq, "observation", null, null, null, "mon-1", null,
                "2026-01-01T00:00:00Z");
    }

    @Test
    void aResendOfTheSameEventIsNeitherADoubleNorAGap() {
        Receipts r = Receipts.recording();
        r.judged("n", event("e1", "k1", 1), "accepted");
        r.judged("n", event("e2", "k2", 2), "accepted");
        r.judged("n", event("e2", "k2", 2), "duplicate");

        assertThat(r.keysOfSeveralEvents()).isEmpty();
        assertThat(r.clashes()).isEmpty();
        assertThat(r.gapCount()).isZero();
        assertThat(r.verdicts("k2")).containsExactlyInAnyOrder("accepted", "duplicate");
        assertThat(r.highest()).isEqualTo(Map.of("n/standard", 2L));
    }

    @Test
    void oneInputJournaledTwiceIsADoubleAndAMissingLaneSeqIsAGap() {
        Receipts r = Receipts.recording();
        r.judged("n", event("e1", "k1", 1), "accepted");
        r.judged("n", event("e3", "k1", 3), "duplicate");

        assertThat(r.keysOfSeveralEvents()).containsExactly("k1");
        assertThat(r.events("k1")).isEqualTo(2);
        assertThat(r.gaps()).isEqualTo(Map.of("n/standard", List.of(2L)));
        assertThat(r.gapCount()).isEqualTo(1);
    }

    @Test
    void twoEventsUnderOneLaneSeqAreAClash() {
        Receipts r = Receipts.recording();
        r.judged("n", event("e1", "k1", 1), "accepted");
        r.judged("n", event("e9", "k9", 1), "accepted");

        assertThat(r.clashes()).hasSize(1);
    }

    @Test
    void receiptsThatAreOffRecordNothing() {
        Receipts r = Receipts.off();
        r.judged("n", event("e1", "k1", 5), "accepted");

        assertThat(r.highest()).isEmpty();
        assertThat(r.verdicts("k1")).isEmpty();
    }
}
