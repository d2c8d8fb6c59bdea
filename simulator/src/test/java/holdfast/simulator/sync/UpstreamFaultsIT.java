package holdfast.simulator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.EdgeNode;
import holdfast.simulator.cloud.FaultPlan;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.cloud.RequestLog;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.Readings;
import holdfast.simulator.support.SyncNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each fault mode of the reference cloud against a real node: what the node shows, and that it recovers. */
class UpstreamFaultsIT {

    @TempDir
    Path tmp;

    private ReferenceCloud cloud;
    private EdgeNode node;
    private NodeClient api;
    private int posted;

    @BeforeEach
    void start() {
        cloud = ReferenceCloud.start(0, tmp.resolve("cloud"), SyncNodes.CLOUD_TOKEN);
        node = SyncNodes.start(tmp.resolve("node"), cloud.url(), Map.of(
                "upstream.request-timeout-ms", "800",
                "upstream.auth-retry-interval-ms", "600000"));
        api = new NodeClient(node.httpPort());
        await().atMost(Duration.ofSeconds(20)).until(() -> mode().equals("ONLINE"));
    }

    @AfterEach
    void stop() {
        node.close();
        cloud.close();
    }

    @Test
    void serviceUnavailableDegradesTheNodeUntilTheCloudAnswersAgain() {
        cloud.faults(FaultPlan.of(FaultPlan.Mode.UNAVAILABLE));
        post(5, "mon");
        await().atMost(Duration.ofSeconds(10)).until(() -> mode().equals("DEGRADED"));
        assertThat(api.status().at("/upstream/lastError").asText()).contains("503");
        assertThat(api.lane("standard").get("backlog").asLong()).isEqualTo(5);
        cloud.faults(FaultPlan.none());
        awaitDrainedAndOnline();
        assertThat(cloud.store().acceptedCount()).isEqualTo(5);
        // The outage shows in the node's histograms: refused calls, then answered ones; each event waited it out.
        assertThat(metric("holdfast_upstream_call_seconds_count{outcome=\"retry\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metric("holdfast_upstream_call_seconds_count{outcome=\"answered\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metric("holdfast_sync_delay_seconds_count{lane=\"standard\"}")).isEqualTo(5);
        assertThat(metric("holdfast_sync_delay_seconds_bucket{lane=\"standard\",le=\"0.01\"}")).isZero();
        assertThat(cloud.requests().all()).as("no observe.otlp-endpoint: no trace context sent")
                .allMatch(r -> r.traceparent() == null);
    }

    @ParameterizedTest
    @EnumSource(value = FaultPlan.Mode.class, names = {"THROTTLE", "BUSY"})
    void retryAfterIsHonouredOn429And503(FaultPlan.Mode mode) {
        Instant since = Instant.now();
        cloud.faults(FaultPlan.of(mode).retryAfter(1));
        post(3, "mon");
        await().atMost(Duration.ofSeconds(15)).until(() -> standardRequestsSince(since).size() >= 3);
        List<RequestLog.Request> tries = standardRequestsSince(since);
        for (int i = 1; i < tries.size(); i++) {
            assertThat(Duration.between(tries.get(i - 1).at(), tries.get(i).at()))
                    .as("pause before try " + i).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
        cloud.faults(FaultPlan.none());
        awaitDrainedAndOnline();
        assertThat(cloud.store().acceptedCount()).isEqualTo(3);
    }

    @Test
    void aSlowCloudTimesOutAndEveryEventStillArrivesOnce() {
        cloud.faults(FaultPlan.of(FaultPlan.Mode.SLOW).delay(1_500));
        post(3, "mon");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> api.status().at("/upstream/lastError").asText("").contains("did not answer in time"));
        cloud.faults(FaultPlan.none());
        awaitDrainedAndOnline();
        assertThat(cloud.store().acceptedCount()).isEqualTo(3);
    }

    @Test
    void droppedConnectionsAreRetriedUntilAnswered() {
        cloud.faults(FaultPlan.of(FaultPlan.Mode.DROP));
        post(3, "mon");
        await().atMost(Duration.ofSeconds(10)).until(() -> mode().equals("DEGRADED"));
        cloud.faults(FaultPlan.none());
        awaitDrainedAndOnline();
        assertThat(cloud.store().acceptedCount()).isEqualTo(3);
    }

    @Test
    void batchesAbove413LimitAreSplitAndAnEventTooLargeAloneIsRejected() {
        cloud.faults(FaultPlan.of(FaultPlan.Mode.UNAVAILABLE));
        post(9, "mon");
        String big = bigReading("mon-big", "huge-1");
        assertThat(api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN, big).status()).isEqualTo(202);
        post(3, "late");
        long before = cloud.requests().total();
        cloud.faults(FaultPlan.none().maxBatchBytes(4_000));
        awaitDrainedAndOnline();
        assertThat(cloud.requests().total() - before).as("the batch was split").isGreaterThan(3);
        assertThat(metric("holdfast_upstream_call_seconds_count{outcome=\"split\"}")).isGreaterThanOrEqualTo(1);
        assertThat(cloud.store().acceptedCount()).isEqualTo(12);
        JsonNode open = api.get("/api/v1/reconciliations?status=open", NodeClient.ADMIN_TOKEN).json().get("items");
        assertThat(open).hasSize(1);
        assertThat(open.get(0).get("verdict").asText()).isEqualTo("rejected");
        assertThat(open.get(0).get("reason").asText()).isEqualTo("too large for upstream");
        assertThat(open.get(0).get("idempotencyKey").asText()).isEqualTo("http:mon-big:huge-1");
    }

    @Test
    void aBatchRefusedWith400IsBisectedUntilTheBadEventStandsAloneAndTheLaneGoesOn() {
        cloud.faults(FaultPlan.of(FaultPlan.Mode.UNAVAILABLE));
        post(4, "mon");
        assertThat(api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                Readings.reading("mon-x", "poison-1", "ICU-1", null)).status()).isEqualTo(202);
        post(4, "late");
        cloud.faults(FaultPlan.none().badMarker("poison"));
        awaitDrainedAndOnline();
        assertThat(cloud.store().acceptedCount()).isEqualTo(8);
        JsonNode open = api.get("/api/v1/reconciliations?status=open", NodeClient.ADMIN_TOKEN).json().get("items");
        assertThat(open).hasSize(1);
        assertThat(open.get(0).get("verdict").asText()).isEqualTo("rejected");
        assertThat(open.get(0).get("reason").asText()).contains("marked bad");
        assertThat(api.status().at("/reconciliations/open").asLong()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = FaultPlan.Mode.class, names = {"UNAUTHORIZED", "FORBIDDEN"})
    void refusedCredentialsStopSendingShowTheCauseAndResumeOnOperatorRetry(FaultPlan.Mode mode) {
        cloud.faults(FaultPlan.of(mode));
        post(2, "mon");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.status().at("/upstream/state").asText()
                .equals("UNAUTHORIZED"));
        JsonNode status = api.status();
        assertThat(status.get("mode").asText()).isEqualTo("DEGRADED");
        assertThat(status.get("modeCause").asText()).contains("credentials").contains(mode == FaultPlan.Mode.UNAUTHORIZED
                ? "401" : "403");
        long requests = cloud.requests().total();
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> cloud.requests().total() == requests);

        cloud.faults(FaultPlan.none());
        String viewer = api.token("viewer", "ward-screen");
        assertThat(api.post("/api/v1/upstream/retry", viewer, "").status()).isEqualTo(403);
        String operator = api.token("operator", "night-operator");
        assertThat(api.post("/api/v1/upstream/retry", operator, "").status()).isEqualTo(202);
        awaitDrainedAndOnline();
        assertThat(cloud.store().acceptedCount()).isEqualTo(2);
    }

    private void post(int count, String device) {
        for (int i = 0; i < count; i++) {
            int n = posted++;
            NodeClient.Response r = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                    Readings.reading(device + "-1", "m-" + n, "ICU-1", null));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
        }
    }

    private List<RequestLog.Request> standardRequestsSince(Instant since) {
        return cloud.requests().withEventsSince(since).stream().filter(r -> "standard".equals(r.lane())).toList();
    }

    private double metric(String series) {
        return api.get("/observe/metrics", null).body().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(series + " is not exposed"));
    }

    private String mode() {
        return api.status().get("mode").asText();
    }

    private void awaitDrainedAndOnline() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode s = api.status();
            return s.get("mode").asText().equals("ONLINE")
                    && s.get("lanes").findValues("backlog").stream().allMatch(b -> b.asLong() == 0);
        });
    }

    /** A reading with many observations: far larger as an envelope than the 413 limit used here. */
    private static String bigReading(String device, String messageId) {
        StringBuilder obs = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            obs.append(i == 0 ? "" : ",").append("{\"code\":\"8867-4\",\"system\":\"http://loinc.org\",\"value\":")
                    .append(60 + i).append(",\"unit\":\"/min\"}");
        }
        return "{\"messageId\":\"" + messageId + "\",\"deviceId\":\"" + device + "\",\"bed\":\"ICU-1\","
                + "\"observedAt\":\"" + Readings.OBSERVED_AT + "\",\"observations\":[" + obs + "]}";
    }
}
