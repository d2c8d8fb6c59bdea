package holdfast.edge.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.journal.AppendListener;
import holdfast.edge.journal.ChronicleJournal;
import holdfast.edge.journal.JournalSettings;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash can fall between a reading being durable (its sender already acknowledged) and its alert being
 * journaled. The node judges such readings again at start, so the ward still gets the alert.
 */
class AlertCatchUpIT {

    @TempDir
    Path data;

    @Test
    void aReadingDurableBeforeACrashButNeverJudgedRaisesItsAlertAtTheNextStart() throws Exception {
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.reading("mon-3", "m1", "59408-5", 97, null)).status()).isEqualTo(202);
            Path mark = data.resolve("alerts-evaluated.txt");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(mark)
                    && Files.readString(mark).contains("standard=1"));
        }
        // What the crash leaves on disk: a second reading, durable in the lane, that no one judged.
        EnvelopeCodec codec = new EnvelopeCodec();
        EventEnvelope first = JournalScan.lane(data, Lane.STANDARD).get(0);
        ObjectNode json = (ObjectNode) codec.mapper().readTree(codec.encode(first));
        json.put("eventId", UUID.randomUUID().toString());
        json.put("idempotencyKey", "http:mon-3:m2");
        json.put("laneSeq", 0);
        ((ObjectNode) json.get("payload").get("observations").get(0)).put("value", 82);
        EventEnvelope unjudged = codec.decode(codec.mapper().writeValueAsBytes(json));
        try (ChronicleJournal lane = ChronicleJournal.open(Lane.STANDARD, data.resolve("journals").resolve("standard"),
                JournalSettings.defaults(), codec, AppendListener.NONE)) {
            lane.append(unjudged).join();
        }

        try (TestNode node = TestNode.start(data)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts(node).size() == 1);
            JsonNode alert = alerts(node).get(0);
            assertThat(alert.get("bed").asText()).isEqualTo("ICU-3");
            assertThat(alert.get("value").asDouble()).isEqualTo(82);
        }
    }

    private static JsonNode alerts(TestNode node) {
        return node.api().get("/api/v1/alerts?status=all", TestNode.ADMIN_TOKEN).json().get("items");
    }
}
