package holdfast.simulator.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.EdgeNode;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.SyncNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node tells an operator about itself, with the real components causing each condition: the reference cloud
 * stops (a stop shorter than the threshold raises nothing; a longer one raises exactly one alert, cleared once the
 * cloud is back), and dead letters pile up from a sloppy sender. Raises and clears reach the cloud as {@code ops}
 * events once it is back.
 */
class OperatorAlertsIT {

    @TempDir
    Path tmp;

    @Test
    void aCloudOutageRaisesOneOperatorAlertPerEpisodeAndClearsWhenTheCloudReturns() throws Exception {
        Path cloudDir = tmp.resolve("cloud");
        ReferenceCloud cloud = ReferenceCloud.start(0, cloudDir, SyncNodes.CLOUD_TOKEN);
        int cloudPort = cloud.port();
        try (EdgeNode node = SyncNodes.start(tmp.resolve("node"), cloud.url(), Map.of(
                "ops.check-interval-ms", "100", "ops.min-duration-seconds", "1", "ops.clear-after-seconds", "2",
                "ops.cloud-unreachable-seconds", "4", "ops.dead-letters-count", "3"))) {
            NodeClient api = new NodeClient(node.httpPort());
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().get("mode").asText().equals("ONLINE"));

            // A blip: the cloud is gone for less than the threshold, and back.
            cloud.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().get("mode").asText().equals("DEGRADED"));
            cloud = ReferenceCloud.start(cloudPort, cloudDir, SyncNodes.CLOUD_TOKEN);
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().get("mode").asText().equals("ONLINE"));
            assertThat(alerts(api, "all")).as("no alert for a blip").isEmpty();

            // An outage: one alert, however long it lasts.
            cloud.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> open(api, "cloud-unreachable") != null);
            JsonNode raised = open(api, "cloud-unreachable");
            assertThat(raised.get("cause").asText()).contains("cloud unreachable");
            assertThat(raised.get("runbook").asText()).isEqualTo("cloud-outage.md");
            await("on the status, for the banner").atMost(Duration.ofSeconds(5))
                    .until(() -> api.status().at("/attention/operatorAlertsOpen").asLong() >= 1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> alerts(api, "all").size() == 1);

            // A sloppy sender: three refused readings.
            for (int i = 0; i < 3; i++) {
                assertThat(api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN, "{\"messageId\":\"bad-" + i + "\"}")
                        .status()).isEqualTo(400);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> open(api, "dead-letters-growing") != null);
            assertThat(open(api, "dead-letters-growing").get("cause").asText()).startsWith("3 new dead letters");

            // An operator acknowledges; the cloud returns and the alert clears by itself.
            String operator = api.token("operator", "night shift");
            long id = raised.get("id").asLong();
            assertThat(api.post("/api/v1/operator-alerts/" + id + "/ack", operator, "{}").status()).isEqualTo(200);
            assertThat(api.post("/api/v1/operator-alerts/" + id + "/ack", operator, "{}").status()).isEqualTo(409);
            cloud = ReferenceCloud.start(cloudPort, cloudDir, SyncNodes.CLOUD_TOKEN);
            await().atMost(Duration.ofSeconds(20)).until(() -> open(api, "cloud-unreachable") == null);
            JsonNode cleared = alerts(api, "cleared").stream().filter(a -> a.get("id").asLong() == id).findFirst()
                    .orElseThrow();
            assertThat(cleared.get("acknowledgedBy").asText()).isEqualTo("night shift");
            assertThat(cleared.get("clearedAt").isNull()).isFalse();
            assertThat(api.get("/observe/metrics", null).body()).contains("holdfast_operator_alerts_open 1");

            // The cloud learns of both transitions of the outage alert.
            ReferenceCloud back = cloud;
            await().atMost(Duration.ofSeconds(20)).until(() -> back.store().accepted(null).stream()
                    .filter(e -> e.idempotencyKey().startsWith("ops:cloud-unreachable:")).count() == 2);
        } finally {
            cloud.close();
        }
    }

    private static List<JsonNode> alerts(NodeClient api, String status) {
        NodeClient.Response r = api.get("/api/v1/operator-alerts?status=" + status, NodeClient.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }

    private static JsonNode open(NodeClient api, String condition) {
        return alerts(api, "open").stream().filter(a -> a.get("condition").asText().equals(condition)).findFirst()
                .orElse(null);
    }
}
