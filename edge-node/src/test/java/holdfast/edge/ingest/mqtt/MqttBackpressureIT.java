package holdfast.edge.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Ports;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestDevice;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-pressure over MQTT: while the standard lane refuses events (disk watermark), a reading is neither
 * journaled nor acknowledged; the node leaves it with the broker, disconnects and comes back for it again
 * and again, and once the lane accepts (here: the node restarted without the watermark, same broker data)
 * it is journaled exactly once. The critical lane keeps working meanwhile.
 */
class MqttBackpressureIT {

    @TempDir
    Path tmp;

    @Test
    void refusedMessageIsNotAcknowledgedAndIsJournaledOnceTheLaneAcceptsAgain() throws Exception {
        Path data = tmp.resolve("node");
        int port = Ports.free();
        String broker = String.valueOf(port);
        try (TestNode node = TestNode.start(data, Map.of("mqtt.embedded-broker.port", broker,
                "disk.standard-min-free-mb", String.valueOf(Long.MAX_VALUE >> 21),
                "disk.batch-min-free-mb", String.valueOf(Long.MAX_VALUE >> 21),
                "mqtt.backpressure-pause-ms", "200"));
             TestDevice device = TestDevice.provisioned(node, port, "mon-1")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "CONNECTED".equals(state(node)));
            device.publish(TestDevice.observations("mon-1"), Readings.heartRate("mon-1", "held-1")
                    .getBytes(StandardCharsets.UTF_8));
            // Redelivered after each pause and refused again: at least two pauses prove it comes back.
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    counter(node, "holdfast_mqtt_backpressure_pauses_total") >= 2);
            assertThat(counter(node, "holdfast_mqtt_acknowledged_total{outcome=\"accepted\"}")).isZero();
            assertThat(node.api().get("/observe/health", null).status()).as("HTTP API stays up").isEqualTo(200);
            assertThat(node.api().status(TestNode.ADMIN_TOKEN).get("mqtt").get("lastError").asText())
                    .startsWith("back-pressure");
        }
        assertThat(JournalScan.all(data)).isEmpty();

        try (TestNode node = TestNode.start(data, Map.of("mqtt.embedded-broker.port", broker))) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    counter(node, "holdfast_mqtt_acknowledged_total{outcome=\"accepted\"}") == 1);
        }
        assertThat(JournalScan.all(data)).extracting(EventEnvelope::idempotencyKey)
                .filteredOn(k -> k.startsWith("mqtt:")).containsExactly("mqtt:mon-1:held-1");
    }

    private static String state(TestNode node) {
        return node.api().status(TestNode.ADMIN_TOKEN).get("mqtt").get("state").asText();
    }

    private static long counter(TestNode node, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$")
                .matcher(node.api().get("/observe/metrics", null).body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
