package holdfast.edge.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.Ports;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that is down degrades device ingest only: the node starts, serves HTTP and keeps retrying. */
class MqttBrokerDownIT {

    @TempDir
    Path data;

    @Test
    void nodeStartsAndServesHttpWhileTheBrokerIsDownAndSaysWhy() {
        String url = "tcp://127.0.0.1:" + Ports.free(); // nobody listens there
        try (TestNode node = TestNode.start(data, Map.of("mqtt.url", url, "mqtt.reconnect-min-ms", "50",
                "mqtt.reconnect-max-ms", "200"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> node.api().get("/observe/metrics", null).body()
                    .matches("(?s).*holdfast_mqtt_reconnects_scheduled_total [2-9]\\d*\\n.*"));
            JsonNode mqtt = node.api().status(TestNode.ADMIN_TOKEN).get("mqtt");
            assertThat(mqtt.get("state").asText()).isEqualTo("RECONNECTING");
            assertThat(mqtt.get("url").asText()).isEqualTo(url);
            assertThat(mqtt.get("lastError").asText()).startsWith("connect failed");
            assertThat(node.api().get("/observe/health", null).status()).isEqualTo(200);
            assertThat(node.api().get("/observe/health", null).body()).contains("RECONNECTING");
            assertThat(node.api().get("/observe/metrics", null).body()).contains("holdfast_mqtt_connected 0");
            assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    Readings.heartRate("mon-1", "m-1")).status()).as("HTTP ingest unaffected").isEqualTo(202);
        }
    }

    @Test
    void withoutAnyBrokerMqttIsDisabledAndHealthStaysUp() {
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.api().status(TestNode.ADMIN_TOKEN).get("mqtt").get("state").asText()).isEqualTo("DISABLED");
            assertThat(node.api().get("/observe/health", null).status()).isEqualTo(200);
        }
    }
}
