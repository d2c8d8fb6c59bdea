package holdfast.edge.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.journal.AppendListener;
import holdfast.edge.journal.ChronicleJournal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.journal.JournalSettings;
import holdfast.edge.store.Database;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import holdfast.edge.sync.Dispute;
import holdfast.edge.sync.EventResult;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Source;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Voiding a disputed event journals the void before the database records the resolution. A crash between the two
 * must not leave the action half done (the void on its way to the cloud, the reconciliation still open): the node
 * completes it at the next start, audited as its own doing.
 */
class InterruptedResolutionIT {

    @TempDir
    Path data;

    @Test
    void aVoidJournaledBeforeACrashIsRecordedAsTheResolutionAtTheNextStart() throws Exception {
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "m-1")).status()).isEqualTo(202);
        }
        EnvelopeCodec codec = new EnvelopeCodec();
        Path lane = data.resolve("journals").resolve("standard");
        long id;
        String voidId = UUID.randomUUID().toString();
        try (ChronicleJournal journal = ChronicleJournal.open(Lane.STANDARD, lane, JournalSettings.defaults(), codec,
                AppendListener.NONE)) {
            JournalEntry disputed;
            try (JournalReader reader = journal.readerAfter(JournalEntry.NO_INDEX)) {
                disputed = reader.next();
            }
            // The cloud disputed the reading: an open reconciliation, recorded as the node records one.
            try (Database database = new Database(data.resolve("db").resolve("holdfast"), data.resolve("control"),
                    Clock.systemUTC()); Connection tx = database.connection()) {
                tx.setAutoCommit(false);
                new H2Reconciliations(database, codec.mapper(), Clock.systemUTC()).record(tx, List.of(new Dispute(
                        disputed.event(), disputed.index(), EventResult.Verdict.CONFLICT, "bed not occupied", null)));
                tx.commit();
                try (var s = tx.createStatement(); var rs = s.executeQuery("SELECT MAX(id) FROM reconciliation")) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            // The operator voided it; the void reached the lane, then the node was killed.
            ObjectNode payload = codec.mapper().createObjectNode();
            payload.put("reconciliationId", id);
            payload.put("action", "void");
            payload.put("reason", "monitor was on the wrong bed");
            payload.put("correctsLaneSeq", disputed.event().laneSeq());
            String key = "reconcile:" + id;
            journal.append(new EventEnvelope(voidId, key, EventEnvelope.SCHEMA_VERSION, Lane.STANDARD, 0,
                    EventKind.VOID, new Source("node", "edge-1", key), voidId, disputed.event().eventId(),
                    Instant.now(), Instant.now(), disputed.event().subject(), payload, null)).join();
        }

        try (TestNode node = TestNode.start(data)) {
            JsonNode rec = node.api().get("/api/v1/reconciliations/" + id, TestNode.ADMIN_TOKEN).json();
            assertThat(rec.toString()).contains("\"void\"").contains(voidId);
            assertThat(node.api().get("/api/v1/reconciliations?status=open", TestNode.ADMIN_TOKEN).json()
                    .get("items")).isEmpty();
            assertThat(node.api().get("/api/v1/audit?limit=100", TestNode.ADMIN_TOKEN).body())
                    .contains("reconciliation.resolve.void");
            assertThat(node.api().get("/api/v1/audit/verify", TestNode.ADMIN_TOKEN).json().get("ok").asBoolean()).isTrue();
        }
    }
}
