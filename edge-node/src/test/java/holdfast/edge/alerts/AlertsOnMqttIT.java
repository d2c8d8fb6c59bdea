package holdfast.edge.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.MutableClock;
import holdfast.edge.support.Ports;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ward display subscribed to the node's embedded broker sees each alert raised, escalated and acknowledged. */
class AlertsOnMqttIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    record Received(String topic, JsonNode body) {
    }

    @Test
    void wardDisplaySeesRaiseEscalationAndAcknowledgementWithoutPatientIds() throws Exception {
        MutableClock clock = new MutableClock(Readings.OBSERVED_AT);
        int port = Ports.free();
        try (TestNode node = TestNode.start(data, Map.of("mqtt.embedded-broker.port", String.valueOf(port),
                "devices.entries.0.id", "mon-3", "devices.entries.0.ward", "ICU/East", "devices.entries.0.bed", "ICU-3"),
                clock)) {
            List<Received> received = new CopyOnWriteArrayList<>();
            MqttClient display = new MqttClient("tcp://127.0.0.1:" + port, "ward-display", new MemoryPersistence());
            try {
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                // A ward display presents a viewer token: it may subscribe to alerts and nothing else.
                options.setUserName("ward-display");
                options.setPassword(node.api().issueToken(TestNode.ADMIN_TOKEN, "viewer", null).toCharArray());
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    display.connect(options);
                    return true;
                });
                display.subscribe("holdfast/v1/alerts/#", 1, (topic, message) ->
                        received.add(new Received(topic, JSON.readTree(message.getPayload()))));

                ApiClient api = node.api();
                assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                        Readings.reading("mon-3", "m1", "59408-5", 82, null)).status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
                Received raised = received.get(0);
                assertThat(raised.topic()).isEqualTo("holdfast/v1/alerts/ICU_East");
                assertThat(raised.body().get("bed").asText()).isEqualTo("ICU-3");
                assertThat(raised.body().get("level").asInt()).isEqualTo(1);
                assertThat(raised.body().get("status").asText()).isEqualTo("open");
                assertThat(raised.body().has("patientId")).isFalse();

                clock.advance(Duration.ofSeconds(121));
                await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
                assertThat(received.get(1).body().get("level").asInt()).isEqualTo(2);

                long id = raised.body().get("alertId").asLong();
                assertThat(api.post("/api/v1/alerts/" + id + "/ack", TestNode.ADMIN_TOKEN, "{}").status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
                assertThat(received.get(2).body().get("status").asText()).isEqualTo("acknowledged");
                assertThat(received.get(2).body().get("acknowledgedBy").asText()).isEqualTo("bootstrap admin");
                String metrics = api.get("/observe/metrics", null).body();
                assertThat(metrics).contains("holdfast_alerts_mqtt_published 3").contains("holdfast_alerts_raised 1")
                        .containsPattern("holdfast_alerts_raise_micros_max [1-9]");
            } finally {
                if (display.isConnected()) {
                    display.disconnect();
                }
                display.close();
            }
        }
    }

    @Test
    void wardTopicNamesAreSafeForMqtt() {
        assertThat(MqttAlertPublisher.topic("ICU")).isEqualTo("holdfast/v1/alerts/ICU");
        assertThat(MqttAlertPublisher.topic("a/b+#")).isEqualTo("holdfast/v1/alerts/a_b__");
        assertThat(MqttAlertPublisher.topic(null)).isEqualTo("holdfast/v1/alerts/unassigned");
    }
}
