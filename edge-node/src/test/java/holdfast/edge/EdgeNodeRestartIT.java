package holdfast.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient.Response;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeNodeRestartIT {

    @TempDir
    Path data;

    @Test
    void eventsAndCountersSurviveACleanRestart() {
        Map<String, String> eventIds = new HashMap<>();
        JsonNode before;
        try (TestNode node = TestNode.start(data)) {
            for (int i = 0; i < 150; i++) {
                String body = switch (i % 3) {
                    case 0 -> Readings.heartRate("mon-1", "m" + i);
                    case 1 -> Readings.reading("mon-1", "m" + i, "59408-5", 80, null);
                    default -> Readings.reading("mon-1", "m" + i, "8867-4", 70, "critical");
                };
                Response r = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN, body);
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                eventIds.put("http:mon-1:m" + i, r.json().get("eventId").asText());
            }
            before = node.api().status(TestNode.ADMIN_TOKEN);
        }
        assertThat(before.get("lanes").get(1).get("appended").asLong()).isEqualTo(50);

        try (TestNode node = TestNode.start(data)) {
            JsonNode after = node.api().status(TestNode.ADMIN_TOKEN);
            for (int lane = 0; lane < 3; lane++) {
                assertThat(after.get("lanes").get(lane).get("appended"))
                        .isEqualTo(before.get("lanes").get(lane).get("appended"));
            }
            Response repeat = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "m0"));
            assertThat(repeat.status()).isEqualTo(200);
            assertThat(repeat.json().get("duplicate").asBoolean()).isTrue();
            assertThat(repeat.json().get("eventId").asText()).isEqualTo(eventIds.get("http:mon-1:m0"));
            Response fresh = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "m-new"));
            assertThat(fresh.status()).isEqualTo(202);
            assertThat(node.api().status(TestNode.ADMIN_TOKEN).get("lanes").get(1).get("appended").asLong())
                    .isEqualTo(51);
        }

        // The critical lane also holds the one local alert the low SpO2 readings raised (then folded into).
        List<EventEnvelope> journaled = JournalScan.all(data).stream().filter(e -> e.kind() != EventKind.ALERT).toList();
        assertThat(journaled).hasSize(151);
        assertThat(JournalScan.lane(data, Lane.CRITICAL)).filteredOn(e -> e.kind() == EventKind.OBSERVATION).hasSize(100);
        assertThat(JournalScan.lane(data, Lane.CRITICAL)).filteredOn(e -> e.kind() == EventKind.ALERT).hasSize(1);
        assertThat(journaled).extracting(EventEnvelope::idempotencyKey).doesNotHaveDuplicates();
        for (EventEnvelope e : journaled) {
            if (eventIds.containsKey(e.idempotencyKey())) {
                assertThat(e.eventId()).isEqualTo(eventIds.get(e.idempotencyKey()));
            }
        }
    }

    @Test
    void secondNodeOnTheSameDataDirIsRefused() {
        try (TestNode node = TestNode.start(data)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestNode.start(data))
                    .hasMessageContaining("in use by another Holdfast node");
            assertThat(node.api().get("/observe/health", null).status()).isEqualTo(200);
        }
    }
}
