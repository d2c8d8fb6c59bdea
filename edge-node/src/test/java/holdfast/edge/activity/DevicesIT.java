package holdfast.edge.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.MutableClock;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ward IT administrator asks the node which monitors are sending: a device posting readings over HTTP is
 * listed ok, turns silent when it stops (on the node's clock, nothing else happening), a registered monitor
 * that never sent is listed as such, and the list survives a restart (rebuilt from the journals).
 */
class DevicesIT {

    @TempDir
    Path data;

    @Test
    void aMonitorThatStopsSendingIsListedSilentFirstAndTheListSurvivesARestart() {
        MutableClock clock = new MutableClock(Readings.OBSERVED_AT);
        Map<String, String> config = Map.of("devices.entries.0.id", "mon-never", "devices.entries.0.bed", "ICU-8",
                "activity.expected-intervals.0.prefix", "mon-", "activity.expected-intervals.0.seconds", "10");
        try (TestNode node = TestNode.start(data, config, clock)) {
            ApiClient api = node.api();
            for (int i = 0; i < 6; i++) {
                assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                        Readings.heartRate("mon-quiet", "q-" + i)).status()).isEqualTo(202);
                assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                        Readings.heartRate("mon-busy", "b-" + i)).status()).isEqualTo(202);
                clock.advance(Duration.ofSeconds(10));
            }
            // A refused reading (no observations) is a dead letter: the device's row says when and why, in a code.
            assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN, "{\"messageId\":\"bad-1\","
                    + "\"deviceId\":\"mon-quiet\",\"observedAt\":\"" + Readings.OBSERVED_AT + "\","
                    + "\"observations\":[]}").status()).isEqualTo(400);
            JsonNode listed = devices(api, "");
            assertThat(device(listed, "mon-quiet").get("lastDeadLetterAt").asText())
                    .isEqualTo(clock.instant().toString());
            assertThat(device(listed, "mon-quiet").get("lastDeadLetterReason").asText()).isEqualTo("invalid");
            assertThat(device(listed, "mon-busy").get("lastDeadLetterAt").isNull()).isTrue();
            assertThat(state(listed, "mon-quiet")).isEqualTo("ok");
            assertThat(device(listed, "mon-quiet").get("readingsLast5Minutes").asInt()).isEqualTo(6);
            assertThat(device(listed, "mon-quiet").get("channel").asText()).isEqualTo("http");
            assertThat(state(listed, "mon-never")).isEqualTo("never-seen");
            assertThat(device(listed, "mon-never").get("bed").asText()).isEqualTo("ICU-8");

            // mon-busy keeps sending; mon-quiet stops.
            for (int i = 6; i < 12; i++) {
                assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                        Readings.heartRate("mon-busy", "b-" + i)).status()).isEqualTo(202);
                clock.advance(Duration.ofSeconds(10));
            }
            listed = devices(api, "");
            assertThat(state(listed, "mon-quiet")).isEqualTo("silent");
            assertThat(state(listed, "mon-busy")).isEqualTo("ok");
            assertThat(listed.get("items").get(0).get("deviceId").asText()).as("silent first").isEqualTo("mon-quiet");
            assertThat(listed.get("counts").get("silent").asInt()).isEqualTo(1);
            assertThat(devices(api, "?state=silent").get("items")).hasSize(1);
            assertThat(api.get("/api/v1/devices?state=asleep", TestNode.ADMIN_TOKEN).status()).isEqualTo(400);
            assertThat(api.get("/observe/metrics", null).body())
                    .contains("holdfast_devices{state=\"silent\"} 1")
                    .contains("holdfast_devices{state=\"never-seen\"} 1");
        }
        try (TestNode restarted = TestNode.start(data, config, clock)) {
            JsonNode listed = devices(restarted.api(), "");
            assertThat(state(listed, "mon-quiet")).isEqualTo("silent");
            assertThat(state(listed, "mon-busy")).isEqualTo("ok");
        }
    }

    private static JsonNode devices(ApiClient api, String query) {
        ApiClient.Response r = api.get("/api/v1/devices" + query, TestNode.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode device(JsonNode listed, String id) {
        for (JsonNode d : listed.get("items")) {
            if (d.get("deviceId").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no device " + id + " in " + listed);
    }

    private static String state(JsonNode listed, String id) {
        return device(listed, id).get("state").asText();
    }
}
