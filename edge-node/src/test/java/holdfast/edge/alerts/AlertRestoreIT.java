package holdfast.edge.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.MutableClock;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert's durable record is its event in the critical lane (and, since node state is journaled first, its H2 row too):
 * a row a crash lost comes back from the journal at start, at the level it had reached, and its id is never
 * given to another alert.
 */
class AlertRestoreIT {

    @TempDir
    Path data;

    private static JsonNode alerts(ApiClient api) {
        return api.get("/api/v1/alerts?status=all", TestNode.ADMIN_TOKEN).json().get("items");
    }

    @Test
    void alertLostFromTheDatabaseIsRestoredFromTheCriticalJournalAtItsLevel() throws Exception {
        MutableClock clock = new MutableClock(Readings.OBSERVED_AT);
        long id;
        try (TestNode node = TestNode.start(data, Map.of(), clock)) {
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.reading("mon-3", "m1", "59408-5", 82, null)).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts(node.api()).size() == 1);
            id = alerts(node.api()).get(0).get("id").asLong();
            clock.advance(Duration.ofSeconds(121));
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts(node.api()).get(0).get("level").asInt() == 2);
        }
        // A row gone from H2 behind the node's back (a tool, a damaged page): the critical lane still has it.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:"
                + data.resolve("db").resolve("holdfast").toAbsolutePath(), "holdfast", "");
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("DELETE FROM alert")).isEqualTo(1);
        }
        try (TestNode node = TestNode.start(data, Map.of(), clock)) {
            JsonNode restored = alerts(node.api());
            assertThat(restored).hasSize(1);
            assertThat(restored.get(0).get("id").asLong()).isEqualTo(id);
            assertThat(restored.get(0).get("level").asInt()).isEqualTo(2);
            assertThat(restored.get(0).get("status").asText()).isEqualTo("open");
            assertThat(restored.get(0).get("bed").asText()).isEqualTo("ICU-3");

            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.reading("mon-4", "m1", "59408-5", 81, null).replace("ICU-3", "ICU-4")).status())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts(node.api()).size() == 2);
            assertThat(alerts(node.api()).get(0).get("id").asLong()).as("a new alert gets a new id").isGreaterThan(id);
            // The restored alert is live again: it acknowledges and stops escalating.
            assertThat(node.api().post("/api/v1/alerts/" + id + "/ack", TestNode.ADMIN_TOKEN, "{}").status())
                    .isEqualTo(200);
        }
    }
}
