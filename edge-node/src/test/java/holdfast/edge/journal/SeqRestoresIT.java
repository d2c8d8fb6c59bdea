package holdfast.edge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Source;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqRestoresIT {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @TempDir
    Path dir;

    private static EventEnvelope event(int i) {
        return new EventEnvelope("id-" + i, "test:" + i, 1, Lane.CRITICAL, 0, EventKind.OBSERVATION,
                new Source("http", "dev", "m" + i), "c" + i, null, Instant.EPOCH, Instant.now(), null, null, null);
    }

    private ChronicleJournal open() {
        return ChronicleJournal.open(Lane.CRITICAL, dir, JournalSettings.defaults(), codec, AppendListener.NONE);
    }

    @Test
    void aSettledRestoreJumpsTheNextLaneSeqDurablyEvenBeforeAnEventAboveIt() {
        try (ChronicleJournal journal = open()) {
            for (int i = 1; i <= 3; i++) {
                journal.append(event(i)).join();
            }
        }
        SeqRestores.restored(dir, 3); // what the restore tool records

        try (ChronicleJournal journal = open()) {
            assertThat(journal.restores().pending()).isEqualTo(new SeqRestores.Point(3, -1, -1));
            assertThat(journal.append(event(4)).join().event().laneSeq()).as("ingest goes on while pending").isEqualTo(4);
            journal.append(event(5)).join();
            journal.settleRestore(10);
            assertThat(journal.lastSeq()).isEqualTo(15);
            assertThat(journal.settleRestore(99).points()).as("settled once").hasSize(1);
        }
        try (ChronicleJournal journal = open()) {
            assertThat(journal.lastSeq()).as("the jump survives a restart with no event above it").isEqualTo(15);
            assertThat(journal.restores().points()).containsExactly(new SeqRestores.Point(3, 5, 15));
            assertThat(journal.append(event(6)).join().event().laneSeq()).isEqualTo(16);
            List<Long> seqs = new ArrayList<>();
            try (JournalReader reader = journal.readerAfter(JournalEntry.NO_INDEX)) {
                for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                    seqs.add(e.event().laneSeq());
                }
            }
            assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 16L);
        }
    }

    @Test
    void aSecondRestoreWhileOneIsPendingKeepsTheEarlierRestoredEnd() {
        SeqRestores.restored(dir, 7);
        SeqRestores.restored(dir, 9);
        assertThat(SeqRestores.read(dir).points()).containsExactly(new SeqRestores.Point(7, -1, -1));
    }
}
