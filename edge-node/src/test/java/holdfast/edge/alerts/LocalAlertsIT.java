package holdfast.edge.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.MutableClock;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local alerts on a real node whose cloud is unreachable, with a clock the test moves. */
class LocalAlertsIT {

    @TempDir
    Path data;

    private static String lowSpo2(String messageId) {
        return Readings.reading("mon-3", messageId, "59408-5", 82, null);
    }

    private static JsonNode alerts(ApiClient api, String status) {
        return api.get("/api/v1/alerts?status=" + status, TestNode.ADMIN_TOKEN).json().get("items");
    }

    @Test
    void alertFiresOfflineFoldsRepeatsEscalatesAndStopsWhenAcknowledged() {
        MutableClock clock = new MutableClock(Readings.OBSERVED_AT);
        String reading;
        try (TestNode node = TestNode.start(data, Map.of("upstream.url", "http://127.0.0.1:1",
                "upstream.token", "t"), clock)) {
            ApiClient api = node.api();
            ApiClient.Response posted = api.post("/api/v1/observations", TestNode.ADMIN_TOKEN, lowSpo2("m1"));
            assertThat(posted.status()).isEqualTo(202);
            reading = posted.json().get("eventId").asText();
            await().atMost(Duration.ofSeconds(5)).until(() -> alerts(api, "open").size() == 1);
            JsonNode alert = alerts(api, "open").get(0);
            assertThat(alert.get("code").asText()).isEqualTo("59408-5");
            assertThat(alert.get("bed").asText()).isEqualTo("ICU-3");
            assertThat(alert.get("level").asInt()).isEqualTo(1);
            assertThat(api.status(TestNode.ADMIN_TOKEN).get("mode").asText()).isEqualTo("DEGRADED");

            for (int i = 2; i <= 4; i++) {
                assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN, lowSpo2("m" + i)).status())
                        .isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode open = alerts(api, "open");
                assertThat(open).hasSize(1);
                assertThat(open.get(0).get("occurrences").asInt()).isEqualTo(4);
            });

            clock.advance(Duration.ofSeconds(121));
            await().atMost(Duration.ofSeconds(5)).until(() -> alerts(api, "open").get(0).get("level").asInt() == 2);

            long id = alerts(api, "open").get(0).get("id").asLong();
            String viewer = api.post("/api/v1/tokens", TestNode.ADMIN_TOKEN, "{\"role\":\"viewer\",\"name\":\"v\"}")
                    .json().get("token").asText();
            String nurse = api.post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                    "{\"role\":\"operator\",\"name\":\"charge nurse\"}").json().get("token").asText();
            assertThat(api.post("/api/v1/alerts/" + id + "/ack", viewer, "{}").status()).isEqualTo(403);
            ApiClient.Response acked = api.post("/api/v1/alerts/" + id + "/ack", nurse, "{}");
            assertThat(acked.status()).as(acked.body()).isEqualTo(200);
            assertThat(acked.json().get("acknowledgedBy").asText()).isEqualTo("charge nurse");
            assertThat(api.post("/api/v1/alerts/" + id + "/ack", nurse, "{}").status()).isEqualTo(409);

            clock.advance(Duration.ofSeconds(200)); // past the level-3 delay (300 s after raising), inside the cooldown
            assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN, lowSpo2("m5")).status()).isEqualTo(202);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(alerts(api, "open")).as("within the cooldown a repeat raises nothing new").isEmpty();
                assertThat(alerts(api, "acknowledged").get(0).get("level").asInt()).as("no escalation after ack")
                        .isEqualTo(2);
            });
        }
        List<EventEnvelope> alertEvents = JournalScan.lane(data, Lane.CRITICAL).stream()
                .filter(e -> e.kind() == EventKind.ALERT).toList();
        assertThat(alertEvents).extracting(EventEnvelope::idempotencyKey).containsExactly(
                "alert:1:1", "alert:1:2");
        assertThat(alertEvents.get(0).causationId()).isEqualTo(reading);
    }

    @Test
    void severalAlertsAreAcknowledgedAtOnceWithOneReasonEachAuditedAndOnlyOpenOnesCount() {
        try (TestNode node = TestNode.start(data, Map.of("upstream.url", "http://127.0.0.1:1",
                "upstream.token", "t"))) {
            ApiClient api = node.api();
            for (String device : List.of("mon-a", "mon-b", "mon-c")) { // one bed each: one alert each
                assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                        Readings.reading(device, "low-" + device, "59408-5", 82, null)
                                .replace("ICU-3", "ICU-" + device)).status()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts(api, "open").size() == 3);
            List<Long> ids = new java.util.ArrayList<>();
            alerts(api, "open").forEach(a -> ids.add(a.get("id").asLong()));
            String nurse = api.post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                    "{\"role\":\"operator\",\"name\":\"charge nurse\"}").json().get("token").asText();
            assertThat(api.post("/api/v1/alerts/ack", nurse, "{\"ids\":" + ids + "}").status())
                    .as("one reason for all is required").isEqualTo(400);
            assertThat(api.post("/api/v1/alerts/" + ids.get(0) + "/ack", nurse, "{\"reason\":\"seen at bedside\"}")
                    .status()).isEqualTo(200);

            ApiClient.Response bulk = api.post("/api/v1/alerts/ack", nurse,
                    "{\"ids\":" + ids + ",\"reason\":\"probe reseated on all three\"}");
            assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
            assertThat(bulk.json().get("acknowledged").asInt()).isEqualTo(2);
            assertThat(bulk.json().get("failed").asInt()).isEqualTo(1);
            assertThat(bulk.json().get("results").get(0).get("outcome").asText()).isEqualTo("not-open");
            assertThat(alerts(api, "open")).isEmpty();
            JsonNode acked = alerts(api, "acknowledged");
            assertThat(acked).hasSize(3);
            acked.forEach(a -> assertThat(a.get("acknowledgedBy").asText()).isEqualTo("charge nurse"));

            List<String> reasons = new java.util.ArrayList<>();
            api.get("/api/v1/audit?limit=1000", TestNode.ADMIN_TOKEN).json().get("items").forEach(e -> {
                if (e.get("action").asText().equals("alert.acknowledge")) {
                    reasons.add(e.get("reason").asText());
                }
            });
            assertThat(reasons).containsExactly("level 1: seen at bedside", "level 1: probe reseated on all three",
                    "level 1: probe reseated on all three");
        }
    }

    @Test
    void aBurstOfCriticalReadingsRaisesOneAlertPerBedFoldsEveryRepeatAndJournalsEachAlertOnce() throws Exception {
        int beds = 24;
        int perBed = 5;
        try (TestNode node = TestNode.start(data, Map.of("upstream.url", "http://127.0.0.1:1",
                "upstream.token", "t"))) {
            ApiClient api = node.api();
            // Sent at once from several senders, so that raises queue up behind each other on the alerts thread
            // and are made durable together; a bed's repeats then fold into an alert raised in the same write.
            java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<Integer>> sent = new java.util.ArrayList<>();
                for (int r = 0; r < perBed; r++) {
                    for (int b = 0; b < beds; b++) {
                        String device = "mon-" + b;
                        String body = Readings.reading(device, device + "-" + r, "59408-5", 82, null)
                                .replace("ICU-3", "BURST-" + b);
                        sent.add(senders.submit(() -> api.post("/api/v1/observations", TestNode.ADMIN_TOKEN, body)
                                .status()));
                    }
                }
                for (java.util.concurrent.Future<Integer> f : sent) {
                    assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(202);
                }
            } finally {
                senders.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode open = alerts(api, "open");
                assertThat(open).hasSize(beds);
                open.forEach(a -> assertThat(a.get("occurrences").asInt()).as(a.toString()).isEqualTo(perBed));
            });
        }
        List<EventEnvelope> alertEvents = JournalScan.lane(data, Lane.CRITICAL).stream()
                .filter(e -> e.kind() == EventKind.ALERT).toList();
        assertThat(alertEvents).extracting(EventEnvelope::idempotencyKey).doesNotHaveDuplicates().hasSize(beds);
        assertThat(alertEvents).extracting(e -> e.subject().bed()).doesNotHaveDuplicates();
    }
}
