package holdfast.edge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient.Response;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose database file is damaged while it is down starts by itself with all its state, as operators and
 * senders knew it: tokens, dead letters and their bytes, the audit chain, duplicates still recognised; it keeps
 * the damaged file and raises an operator alert saying what it did.
 */
class DamagedDatabaseIT {

    @TempDir
    Path data;

    @Test
    void aNodeWithADamagedDatabaseFileStartsWithAllItsStateAndSaysItRebuilt() throws Exception {
        String viewer;
        String revokedId;
        JsonNode lettersBefore;
        String eventId;
        try (TestNode node = TestNode.start(data)) {
            viewer = node.api().issueToken(TestNode.ADMIN_TOKEN, "viewer", null);
            Response revoked = node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                    "{\"role\":\"operator\",\"name\":\"old script\"}");
            revokedId = revoked.json().get("id").asText();
            assertThat(node.api().delete("/api/v1/tokens/" + revokedId, TestNode.ADMIN_TOKEN).status()).isEqualTo(204);
            for (int i = 0; i < 3; i++) {
                assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN, "{not json " + i).status())
                        .isEqualTo(400);
            }
            Response posted = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "m-1"));
            assertThat(posted.status()).isEqualTo(202);
            eventId = posted.json().get("eventId").asText();
            lettersBefore = node.api().get("/api/v1/dead-letters", TestNode.ADMIN_TOKEN).json();
            long first = lettersBefore.get("items").get(0).get("id").asLong();
            assertThat(node.api().post("/api/v1/dead-letters/" + first + "/discard", TestNode.ADMIN_TOKEN,
                    "{\"reason\":\"sender fixed\"}").status()).isEqualTo(200);
            lettersBefore = letters(node);
        }

        damage(data.resolve("db").resolve("holdfast.mv.db"));

        try (TestNode node = TestNode.start(data, Map.of("ops.check-interval-ms", "100"))) {
            assertThat(node.api().get("/api/v1/alerts", viewer).status()).as("an issued token still works")
                    .isEqualTo(200);
            JsonNode tokens = node.api().get("/api/v1/tokens", TestNode.ADMIN_TOKEN).json();
            assertThat(tokens.toString()).contains(revokedId);
            assertThat(letters(node)).isEqualTo(lettersBefore);
            assertThat(node.api().get("/api/v1/audit/verify", TestNode.ADMIN_TOKEN).json().get("ok").asBoolean())
                    .as("audit chain").isTrue();
            Response again = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "m-1"));
            assertThat(again.status()).as("the reading is still known").isEqualTo(200);
            assertThat(again.json().get("eventId").asText()).isEqualTo(eventId);
            await().atMost(Duration.ofSeconds(20)).until(() -> node.api().get("/api/v1/operator-alerts",
                    TestNode.ADMIN_TOKEN).body().contains("state-rebuilt"));
        }
        try (Stream<Path> files = Files.list(data.resolve("db"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("holdfast.mv.db.damaged-"));
        }
    }

    private static JsonNode letters(TestNode node) {
        var both = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        both.add(node.api().get("/api/v1/dead-letters?status=open", TestNode.ADMIN_TOKEN).json());
        both.add(node.api().get("/api/v1/dead-letters?status=discarded", TestNode.ADMIN_TOKEN).json());
        return both;
    }

    /** Flips bytes through the whole file, headers included, as a failing disk would. */
    private static void damage(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += 97) {
            at.add(i);
        }
        at.forEach(i -> bytes[i] = (byte) ~bytes[i]);
        Files.write(file, bytes);
    }
}
