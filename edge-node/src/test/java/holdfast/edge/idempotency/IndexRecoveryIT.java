package holdfast.edge.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.journal.AppendListener;
import holdfast.edge.journal.ChronicleJournal;
import holdfast.edge.journal.JournalSettings;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window a crash can leave between a durable journal append and its index row: events the journal holds
 * but the index never saw must still be recognised as duplicates after a restart.
 */
class IndexRecoveryIT {

    @TempDir
    Path data;

    @Test
    void eventsJournaledButNeverIndexedAreRecognisedAfterRestart() {
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "indexed")).status()).isEqualTo(202);
        }
        // Append straight to the journal, as if the node died right after the fsync and before indexing.
        EventEnvelope template = JournalScan.lane(data, Lane.STANDARD).get(0);
        try (ChronicleJournal journal = ChronicleJournal.open(Lane.STANDARD, data.resolve("journals/standard"),
                JournalSettings.defaults(), new EnvelopeCodec(), AppendListener.NONE)) {
            for (int i = 0; i < 3; i++) {
                journal.append(new EventEnvelope("unindexed-" + i, "http:mon-1:lost-" + i, 1, Lane.STANDARD, 0,
                        template.kind(), template.source(), "c" + i, null, template.occurredAt(),
                        template.receivedAt(), template.subject(), template.payload(), template.raw())).join();
            }
        }
        try (TestNode node = TestNode.start(data)) {
            for (int i = 0; i < 3; i++) {
                ApiClient.Response r = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                        Readings.heartRate("mon-1", "lost-" + i));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().get("eventId").asText()).isEqualTo("unindexed-" + i);
            }
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "indexed")).status()).isEqualTo(200);
        }
        // A second restart re-reads nothing twice: recovery skipped what it had already indexed.
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "lost-0")).status()).isEqualTo(200);
        }
        List<EventEnvelope> all = JournalScan.lane(data, Lane.STANDARD);
        assertThat(all).extracting(EventEnvelope::idempotencyKey).doesNotHaveDuplicates().hasSize(4);
    }

    @Test
    void aDamagedIndexIsRebuiltFromTheJournalsAndStillRecognisesEveryKey() throws Exception {
        String first;
        try (TestNode node = TestNode.start(data)) {
            ApiClient.Response r = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "before-damage"));
            assertThat(r.status()).isEqualTo(202);
            first = r.json().get("eventId").asText();
            for (int i = 0; i < 20; i++) {
                assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                        Readings.heartRate("mon-1", "more-" + i)).status()).isEqualTo(202);
            }
        }
        // A damaged index (here: the records file's header overwritten) must not stop the node or forget a key:
        // it is rebuilt from the journals.
        Path records = data.resolve("index").resolve("keys.records");
        assertThat(records).exists();
        try (FileChannel c = FileChannel.open(records, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(new byte[64]), 0);
        }
        try (TestNode node = TestNode.start(data)) {
            ApiClient.Response again = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "before-damage"));
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().get("eventId").asText()).isEqualTo(first);
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "after-rebuild")).status()).isEqualTo(202);
        }
        assertThat(JournalScan.lane(data, Lane.STANDARD)).extracting(EventEnvelope::idempotencyKey)
                .doesNotHaveDuplicates().hasSize(22);
    }

    @Test
    void anIndexAheadOfItsJournalsIsRebuiltSoAKeyTheJournalsNeverHeldIsAcceptedAgain() throws Exception {
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "kept")).status()).isEqualTo(202);
        }
        Path journals = data.resolve("journals");
        Path older = data.resolveSibling(data.getFileName() + "-journals-before");
        copyTree(journals, older);
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "later")).status()).isEqualTo(202);
        }
        // As a restore of an older backup leaves it: journals from before "later", an index from after it.
        deleteTree(journals);
        copyTree(older, journals);
        deleteTree(older);
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "later")).status()).as("not in these journals").isEqualTo(202);
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "kept")).status()).isEqualTo(200);
        }
        assertThat(JournalScan.lane(data, Lane.STANDARD)).extracting(EventEnvelope::idempotencyKey)
                .doesNotHaveDuplicates().hasSize(2);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
