package holdfast.edge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention deletes whole cycle files before the oldest needed entry, and only old enough ones. */
class CycleFilesIT {

    @TempDir
    Path dir;

    @Test
    void deletesOnlyOldCyclesBeforeTheOldestNeededEntry() {
        CycleFiles cycleFiles = new CycleFiles();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(TestRollCycles.TEST_SECONDLY).storeFileListener(cycleFiles).build();
             ExcerptAppender appender = queue.createAppender()) {
            List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int cycle = queue.cycle();
                appender.writeText("event-" + i);
                indexes.add(appender.lastIndexAppended());
                await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                        .until(() -> queue.cycle() != cycle);
            }
            assertThat(cycleFiles.deleteBefore(queue, indexes.get(2), Instant.now().minusSeconds(3600)))
                    .as("files are younger than the retention period").isZero();
            assertThat(cycleFiles.deleteBefore(queue, JournalEntry.NO_INDEX, Instant.now().plusSeconds(60)))
                    .as("nothing synced yet").isZero();
            assertThat(cycleFiles.deleteBefore(queue, indexes.get(1), Instant.now().plusSeconds(60)))
                    .as("only the cycle before the oldest needed entry").isEqualTo(1);
            assertThat(cycleFiles.deleteBefore(queue, indexes.get(2), Instant.now().plusSeconds(60))).isEqualTo(1);
            try (ExcerptTailer tailer = queue.createTailer()) {
                assertThat(tailer.readText()).isEqualTo("event-2");
                assertThat(tailer.readText()).isNull();
            }
        }
    }
}
