package holdfast.simulator.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.EdgeNode;
import holdfast.simulator.cloud.CloudStore.AcceptedEvent;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.SyncNodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node proves its own ingest paths into the cloud: a canary per path (HTTP post, MQTT publish through the
 * embedded broker, ORU over MLLP) reaches the reference cloud, which counts it apart from clinical events, and the
 * status shows both latencies per path, while no clinical view of the node (alerts, devices) sees a canary. When the
 * cloud stops, canaries are not accepted: one operator alert for the whole outage, cleared once it is back.
 */
class CanaryIT {

    private static final int ACCEPT_WITHIN_SECONDS = 3;

    @TempDir
    Path tmp;

    @Test
    void canariesOfEveryPathReachTheCloudAndAnOutageRaisesOneCanaryAlertUntilTheyAreAcceptedAgain() throws Exception {
        Path cloudDir = tmp.resolve("cloud");
        ReferenceCloud cloud = ReferenceCloud.start(0, cloudDir, SyncNodes.CLOUD_TOKEN);
        int cloudPort = cloud.port();
        try (EdgeNode node = SyncNodes.start(tmp.resolve("node"), cloud.url(), Map.of(
                "mqtt.embedded-broker.port", String.valueOf(freePort()),
                "canary.interval-seconds", "1", "canary.accept-within-seconds", String.valueOf(ACCEPT_WITHIN_SECONDS),
                "ops.check-interval-ms", "100", "ops.min-duration-seconds", "1", "ops.clear-after-seconds", "1",
                "ops.cloud-unreachable-seconds", "600"))) {
            NodeClient api = new NodeClient(node.httpPort());

            await("a proof of every path").atMost(Duration.ofSeconds(30)).until(() -> proven(api.status()));
            JsonNode canary = api.status().get("canary");
            assertThat(canary.get("acceptWithinSeconds").asLong()).isEqualTo(ACCEPT_WITHIN_SECONDS);
            for (String path : List.of("http", "mqtt", "hl7")) {
                JsonNode p = canary.at("/paths/" + path);
                assertThat(p.get("ingestToDurableMs").asLong()).as(path).isBetween(0L, 10_000L);
                assertThat(p.get("durableToAcceptedMs").asLong()).as(path).isBetween(0L, 10_000L);
                assertThat(p.get("lastAcceptedAt").isNull()).as(path).isFalse();
                assertThat(p.get("lastError").isNull()).as(p.toString()).isTrue();
            }
            assertThat(api.get("/observe/metrics", null).body())
                    .contains("holdfast_canary_ingest_to_durable_ms{path=\"mqtt\"}")
                    .contains("holdfast_canary_durable_to_accepted_ms{path=\"hl7\"}");

            // The cloud tells them apart: kind canary, sender holdfast-canary, no patient; counted on their own.
            ReferenceCloud up = cloud;
            List<AcceptedEvent> canaries = up.store().accepted("canary");
            assertThat(canaries).allSatisfy(e -> assertThat(e.patientId()).isNull());
            assertThat(canaries).extracting(AcceptedEvent::idempotencyKey)
                    .anySatisfy(k -> assertThat(k).startsWith("http:holdfast-canary:canary-http-"))
                    .anySatisfy(k -> assertThat(k).startsWith("mqtt:holdfast-canary:canary-mqtt-"))
                    .anySatisfy(k -> assertThat(k).startsWith("hl7:holdfast-canary:"));
            // Besides canaries only the node's own operator alerts (a broker still connecting at start) went up.
            assertThat(up.store().accepted(null)).as("no clinical event was sent").allSatisfy(e ->
                    assertThat(e.kind()).isIn("canary", "ops"));
            JsonNode stats = new ObjectMapper().readTree(get(up.url() + "/admin/stats"));
            assertThat(stats.get("canaries").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(stats.get("accepted").asLong()).as("counted apart from canaries")
                    .isEqualTo(up.store().accepted("ops").size());

            // The node's clinical views never see one.
            assertThat(items(api, "/api/v1/alerts?status=all")).isEmpty();
            assertThat(items(api, "/api/v1/devices")).noneSatisfy(d ->
                    assertThat(d.get("deviceId").asText()).isEqualTo("holdfast-canary"));

            // The cloud stops: canaries wait, one alert for the whole episode.
            cloud.close();
            long stopped = System.nanoTime();
            await("canary-not-accepted raised").atMost(Duration.ofSeconds(ACCEPT_WITHIN_SECONDS + 10))
                    .until(() -> open(api, "canary-not-accepted") != null);
            long raisedAfterMs = (System.nanoTime() - stopped) / 1_000_000;
            assertThat(raisedAfterMs).as("not before a canary had waited accept-within-seconds")
                    .isGreaterThanOrEqualTo(ACCEPT_WITHIN_SECONDS * 1000L - 1000);
            assertThat(open(api, "canary-not-accepted").get("runbook").asText()).isEqualTo("canary.md");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> episodes(api) == 1);

            cloud = ReferenceCloud.start(cloudPort, cloudDir, SyncNodes.CLOUD_TOKEN);
            await("cleared by the next accepted canary").atMost(Duration.ofSeconds(20))
                    .until(() -> open(api, "canary-not-accepted") == null);
            assertThat(episodes(api)).as("one alert for one outage").isEqualTo(1);
            assertThat(api.status().at("/canary/lastProofAt").isNull()).isFalse();
        } finally {
            cloud.close();
        }
    }

    private static boolean proven(JsonNode status) {
        JsonNode canary = status.get("canary");
        if (canary == null || canary.get("lastProofAt").isNull()) {
            return false;
        }
        for (String path : List.of("http", "mqtt", "hl7")) {
            if (canary.at("/paths/" + path + "/durableToAcceptedMs").isMissingNode()
                    || canary.at("/paths/" + path + "/durableToAcceptedMs").isNull()) {
                return false;
            }
        }
        return true;
    }

    private static long episodes(NodeClient api) {
        return items(api, "/api/v1/operator-alerts?status=all").stream()
                .filter(a -> a.get("condition").asText().equals("canary-not-accepted")).count();
    }

    private static JsonNode open(NodeClient api, String condition) {
        return items(api, "/api/v1/operator-alerts?status=open").stream()
                .filter(a -> a.get("condition").asText().equals(condition)).findFirst().orElse(null);
    }

    private static List<JsonNode> items(NodeClient api, String path) {
        NodeClient.Response r = api.get(path, NodeClient.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }

    private static String get(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
