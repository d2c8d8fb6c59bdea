package holdfast.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.journal.SeqRestores;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneSeqMapTest {

    @Test
    void aLaneNeverRestoredSendsItsJournalLaneSeqs() {
        LaneSeqMap map = new LaneSeqMap(SeqRestores.NONE);
        assertThat(map.pending()).isFalse();
        assertThat(map.held(1)).isFalse();
        assertThat(map.wire(42)).isEqualTo(42);
        assertThat(map.cursorAfter(42)).isEqualTo(42);
    }

    @Test
    void whilePendingOnlyEventsJournaledAfterTheRestoreAreHeld() {
        LaneSeqMap map = new LaneSeqMap(new SeqRestores(List.of(new SeqRestores.Point(100, -1, -1))));
        assertThat(map.held(100)).isFalse();
        assertThat(map.held(101)).isTrue();
    }

    @Test
    void eventsJournaledBeforeTheJumpFollowTheCloudsHighestAndLaterOnesKeepTheirLaneSeq() {
        // Restored at 100, two events journaled in an outage, the cloud held 130: they go as 131 and 132.
        LaneSeqMap map = new LaneSeqMap(new SeqRestores(List.of(new SeqRestores.Point(100, 102, 132))));
        assertThat(map.wire(100)).isEqualTo(100);
        assertThat(map.wire(101)).isEqualTo(131);
        assertThat(map.wire(102)).isEqualTo(132);
        assertThat(map.wire(133)).isEqualTo(133);
        assertThat(map.cursorAfter(102)).isEqualTo(132);
        assertThat(map.held(101)).isFalse();
    }

    @Test
    void aLaneSyncedToItsRestoredEndStandsAtTheJumpsEnd() {
        LaneSeqMap map = new LaneSeqMap(new SeqRestores(List.of(new SeqRestores.Point(100, 100, 130))));
        assertThat(map.moves(100)).isFalse();
        assertThat(map.cursorAfter(100)).isEqualTo(130);
        assertThat(map.cursorAfter(99)).isEqualTo(99);
    }
}
