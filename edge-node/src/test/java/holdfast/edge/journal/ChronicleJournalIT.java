package holdfast.edge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleJournalIT {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @TempDir
    Path dir;

    private static EventEnvelope event(int i) {
        return new EventEnvelope("id-" + i, "test:" + i, 1, Lane.STANDARD, 0, EventKind.OBSERVATION,
                new Source("http", "dev", "m" + i), "c" + i, null, Instant.EPOCH, Instant.now(), null, null, null);
    }

    @Test
    void concurrentAppendsGetContiguousLaneSeqsAndSurviveReopen() throws Exception {
        List<JournalEntry> entries = Collections.synchronizedList(new ArrayList<>());
        List<Long> listened = Collections.synchronizedList(new ArrayList<>());
        try (ChronicleJournal journal = ChronicleJournal.open(Lane.STANDARD, dir, JournalSettings.defaults(), codec,
                batch -> batch.forEach(e -> listened.add(e.event().laneSeq())));
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 250; i++) {
                        entries.add(journal.append(event(thread * 1000 + i)).join());
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            assertThat(journal.lastSeq()).isEqualTo(2000);
        }
        assertThat(entries).extracting(e -> e.event().laneSeq()).doesNotHaveDuplicates()
                .allMatch(seq -> seq >= 1 && seq <= 2000);
        assertThat(listened).as("listener sees every append in journal order").isSorted().hasSize(2000);

        try (ChronicleJournal reopened = ChronicleJournal.open(Lane.STANDARD, dir, JournalSettings.defaults(), codec,
                AppendListener.NONE)) {
            assertThat(reopened.lastSeq()).isEqualTo(2000);
            List<JournalEntry> read = readAll(reopened, JournalEntry.NO_INDEX);
            assertThat(read).extracting(e -> e.event().laneSeq()).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 2000).boxed().toList());
            java.util.Map<Long, Long> indexBySeq = new java.util.HashMap<>();
            read.forEach(e -> indexBySeq.put(e.event().laneSeq(), e.index()));
            assertThat(entries).as("the index each append was told is where a reader finds that event")
                    .allSatisfy(e -> assertThat(e.index()).isEqualTo(indexBySeq.get(e.event().laneSeq())));
            JournalEntry appended = reopened.append(event(9999)).join();
            assertThat(appended.event().laneSeq()).isEqualTo(2001);
        }
    }

    /**
     * Readahead on the writer's mapping builds large page-cache folios that every msync then writes back whole
     * (a 36 KB commit wrote 1.1 MB); the writer turns it off, which Linux shows as {@code rr} in the mapping's
     * flags.
     */
    @Test
    void theWriterTurnsReadaheadOffOnTheMappingItWritesThrough() throws Exception {
        Path smaps = Path.of("/proc/self/smaps");
        assumeTrue(Files.isReadable(smaps), "the mapping's flags are read from Linux's /proc/self/smaps");
        try (ChronicleJournal journal = ChronicleJournal.open(Lane.STANDARD, dir, JournalSettings.defaults(), codec,
                AppendListener.NONE)) {
            journal.append(event(1)).join();
            List<List<String>> flags = cycleFileMappingFlags(smaps);
            assertThat(flags).as("mappings of this lane's cycle file").isNotEmpty();
            assertThat(flags).as("VmFlags of those mappings").anyMatch(f -> f.contains("rr"));
        }
    }

    private List<List<String>> cycleFileMappingFlags(Path smaps) throws java.io.IOException {
        List<List<String>> flags = new ArrayList<>();
        boolean ours = false;
        for (String line : Files.readAllLines(smaps)) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                ours = line.contains(dir.toString()) && line.endsWith(".cq4");
            } else if (ours && line.startsWith("VmFlags:")) {
                flags.add(List.of(line.substring("VmFlags:".length()).trim().split("\\s+")));
            }
        }
        return flags;
    }

    @Test
    void readerResumesAfterAGivenIndex() {
        try (ChronicleJournal journal = ChronicleJournal.open(Lane.BATCH, dir, JournalSettings.defaults(), codec,
                AppendListener.NONE)) {
            List<JournalEntry> appended = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                appended.add(journal.append(event(i)).join());
            }
            List<JournalEntry> rest = readAll(journal, appended.get(3).index());
            assertThat(rest).extracting(e -> e.event().eventId())
                    .containsExactly("id-4", "id-5", "id-6", "id-7", "id-8", "id-9");
            assertThat(rest.get(0).event().lane()).isEqualTo(Lane.BATCH);
        }
    }

    @Test
    void appendAfterCloseFailsInsteadOfVanishing() {
        ChronicleJournal journal = ChronicleJournal.open(Lane.CRITICAL, dir, JournalSettings.defaults(), codec,
                AppendListener.NONE);
        journal.close();
        assertThat(journal.append(event(1))).isCompletedExceptionally();
    }

    @Test
    void anOpenedLaneIsReadableButTakesNoAppendUntilStarted() {
        try (ChronicleJournal written = ChronicleJournal.open(Lane.STANDARD, dir, JournalSettings.defaults(), codec,
                AppendListener.NONE)) {
            written.append(event(1)).join();
        }
        try (ChronicleJournal journal = new ChronicleJournal(Lane.STANDARD, dir, JournalSettings.defaults(), codec,
                AppendListener.NONE)) {
            assertThat(journal.lastSeq()).isEqualTo(1);
            assertThat(readAll(journal, JournalEntry.NO_INDEX)).extracting(e -> e.event().eventId())
                    .containsExactly("id-1");
            assertThat(journal.append(event(2))).failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(JournalUnavailableException.class)
                    .withMessageContaining("lane standard is not started yet");
            assertThat(journal.pendingAppends()).as("nothing queued for a writer that is not running").isZero();

            journal.start();
            assertThat(journal.append(event(2)).join().event().laneSeq()).isEqualTo(2);
        }
    }

    @Test
    void aLaneClosedBeforeItStartedClosesAndCannotBeStarted() {
        ChronicleJournal journal = new ChronicleJournal(Lane.CRITICAL, dir, JournalSettings.defaults(), codec,
                AppendListener.NONE);
        journal.close();
        assertThat(journal.append(event(1))).isCompletedExceptionally();
        assertThatThrownBy(journal::start)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static List<JournalEntry> readAll(Journal journal, long afterIndex) {
        List<JournalEntry> read = new ArrayList<>();
        try (JournalReader reader = journal.readerAfter(afterIndex)) {
            JournalEntry e;
            while ((e = reader.next()) != null) {
                read.add(e);
            }
        }
        return read;
    }
}
