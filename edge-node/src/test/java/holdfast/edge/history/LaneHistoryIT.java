package holdfast.edge.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-minute lane history from a real node, across a restart of that node. */
class LaneHistoryIT {

    @TempDir
    Path data;

    private static long ingested(JsonNode history, String lane) {
        long sum = 0;
        for (JsonNode minute : history.at("/lanes/" + lane)) {
            sum += minute.get("ingested").asLong();
        }
        return sum;
    }

    @Test
    void whatTheLanesTookIsListedPerMinuteAndStillThereAfterARestart() {
        try (TestNode node = TestNode.start(data)) {
            for (int i = 0; i < 3; i++) {
                assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                        Readings.heartRate("mon-hist", "hist-" + i)).status()).isEqualTo(202);
            }
            JsonNode history = node.api().get("/api/v1/lanes/history?minutes=5", TestNode.ADMIN_TOKEN).json();
            assertThat(history.get("minutes").asInt()).isEqualTo(5);
            assertThat(history.get("asOf").asText()).endsWith("Z");
            assertThat(ingested(history, "standard")).as("at once, without waiting for a sample").isEqualTo(3);
            JsonNode last = history.at("/lanes/standard").get(history.at("/lanes/standard").size() - 1);
            assertThat(last.get("minute").asText()).endsWith(":00Z");
            assertThat(last.get("backlog").asLong()).as("no upstream: all still waiting").isEqualTo(3);
            assertThat(node.api().get("/api/v1/lanes/history?minutes=0", TestNode.ADMIN_TOKEN).status())
                    .isEqualTo(400);
            assertThat(node.api().get("/api/v1/lanes/history?minutes=1441", TestNode.ADMIN_TOKEN).status())
                    .isEqualTo(400);
        }
        try (TestNode node = TestNode.start(data)) {
            JsonNode history = node.api().get("/api/v1/lanes/history?minutes=60", TestNode.ADMIN_TOKEN).json();
            assertThat(ingested(history, "standard")).as("kept across the restart, counted once").isEqualTo(3);
        }
    }
}
