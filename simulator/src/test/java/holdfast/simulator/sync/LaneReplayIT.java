package holdfast.simulator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.edge.EdgeNode;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.Readings;
import holdfast.simulator.support.SyncNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An admin replays a laneSeq range: the same event ids go up again, the cursor does not move back. */
class LaneReplayIT {

    @TempDir
    Path tmp;

    @Test
    void replayResendsTheRangeWithOriginalIdsWithoutMovingTheCursorBack() {
        try (ReferenceCloud cloud = ReferenceCloud.start(0, tmp.resolve("cloud"), SyncNodes.CLOUD_TOKEN);
             EdgeNode node = SyncNodes.start(tmp.resolve("node"), cloud.url(), Map.of())) {
            NodeClient api = new NodeClient(node.httpPort());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                        Readings.reading("mon-1", "m-" + i, "ICU-1", null)).json().get("eventId").asText());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> api.lane("standard").get("synced").asLong() == 10);

            String operator = api.token("operator", "night-operator");
            String body = "{\"fromSeq\":3,\"toSeq\":6,\"reason\":\"cloud restored a backup\"}";
            assertThat(api.post("/api/v1/lanes/standard/replay", operator, body).status()).isEqualTo(403);
            assertThat(api.post("/api/v1/lanes/standard/replay", NodeClient.ADMIN_TOKEN, "{\"fromSeq\":6,\"toSeq\":3}")
                    .status()).isEqualTo(400);
            assertThat(api.post("/api/v1/lanes/nowhere/replay", NodeClient.ADMIN_TOKEN, body).status()).isEqualTo(404);
            assertThat(api.post("/api/v1/lanes/standard/replay", NodeClient.ADMIN_TOKEN,
                    "{\"fromSeq\":11,\"toSeq\":20}").status()).isEqualTo(409);
            NodeClient.Response r = api.post("/api/v1/lanes/standard/replay", NodeClient.ADMIN_TOKEN, body);
            assertThat(r.status()).as(r.body()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(20)).until(() -> cloud.store().duplicateCount() == 4);
            for (int seq = 1; seq <= 10; seq++) {
                assertThat(cloud.store().receivedCount(ids.get(seq - 1))).as("laneSeq " + seq)
                        .isEqualTo(seq >= 3 && seq <= 6 ? 2 : 1);
            }
            assertThat(api.lane("standard").get("synced").asLong()).isEqualTo(10);
            assertThat(cloud.store().acceptedCount()).isEqualTo(10);
        }
    }
}
