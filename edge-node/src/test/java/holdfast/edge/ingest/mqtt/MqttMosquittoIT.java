package holdfast.edge.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.edge.support.ChildNode;
import holdfast.edge.support.DevicePublishers;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Mosquitto;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node against a real Debian mosquitto broker started by the test: three devices publish 10,200 QoS-1
 * messages; the node (a child JVM) is killed with SIGKILL mid-stream, or the broker restarted mid-stream,
 * and afterwards every published message is in the journals exactly once, checked id by id. The broker keeps
 * the node's persistent session (and what the node had not acknowledged) across both.
 */
class MqttMosquittoIT {

    private static final int PUBLISHERS = 3;
    private static final int PER_PUBLISHER = 3_400;
    private static final int TOTAL = PUBLISHERS * PER_PUBLISHER;

    @TempDir
    Path tmp;

    @Test
    void everyMessageIsJournaledExactlyOnceAfterTheNodeIsKilledMidStream() throws Exception {
        Path data = tmp.resolve("node");
        try (Mosquitto broker = Mosquitto.start(tmp.resolve("mosquitto"))) {
            Map<String, String> env = Map.of("HOLDFAST_MQTT_URL", broker.url());
            ChildNode node = ChildNode.start(data, env);
            try (DevicePublishers devices = DevicePublishers.start(broker.url(), PUBLISHERS, PER_PUBLISHER,
                    Duration.ofSeconds(120))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> appended(node) >= TOTAL / 4);
                node.kill9();
                long journaledBeforeKill = JournalScan.all(data).size();
                assertThat(journaledBeforeKill).as("the kill landed mid-stream").isLessThan(TOTAL);
                try (ChildNode restarted = ChildNode.start(data, env)) {
                    devices.awaitDone();
                    await().atMost(Duration.ofSeconds(90)).until(() -> deviceReadingsAppended(restarted) >= TOTAL);
                }
                assertThat(devices.acknowledgedCount()).isEqualTo(TOTAL);
            }
        }
        assertEveryMessageJournaledExactlyOnce(data);
    }

    @Test
    void nodeReconnectsByItselfWhenTheBrokerRestartsMidStreamAndLosesNothing() throws Exception {
        Path data = tmp.resolve("node");
        try (Mosquitto broker = Mosquitto.start(tmp.resolve("mosquitto"))) {
            try (ChildNode node = ChildNode.start(data, Map.of("HOLDFAST_MQTT_URL", broker.url(),
                    "HOLDFAST_CONFIG_MQTT__RECONNECT_MAX_MS", "2000"));
                 DevicePublishers devices = DevicePublishers.start(broker.url(), PUBLISHERS, PER_PUBLISHER,
                         Duration.ofSeconds(120))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> appended(node) >= TOTAL / 4);
                broker.restart();
                devices.awaitDone();
                await().atMost(Duration.ofSeconds(90)).until(() -> deviceReadingsAppended(node) >= TOTAL);
                await().atMost(Duration.ofSeconds(30)).until(() -> "CONNECTED".equals(
                        node.api().status(TestNode.ADMIN_TOKEN).get("mqtt").get("state").asText()));
                String metrics = node.api().get("/observe/metrics", null).body();
                assertThat(metrics).contains("holdfast_mqtt_connected 1");
                assertThat(metrics).doesNotContain("holdfast_mqtt_reconnects_scheduled_total 0\n");
                assertThat(devices.acknowledgedCount()).isEqualTo(TOTAL);
            }
        }
        assertEveryMessageJournaledExactlyOnce(data);
    }

    @Test
    void aBrokerThatComesBackWithoutTheNodesSessionIsCountedAndShown() throws Exception {
        try (Mosquitto broker = Mosquitto.start(tmp.resolve("mosquitto"));
             TestNode node = TestNode.start(tmp.resolve("node"), Map.of("mqtt.url", broker.url(),
                     "mqtt.reconnect-min-ms", "50", "mqtt.reconnect-max-ms", "200"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "CONNECTED".equals(mqttState(node)));
            broker.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> node.api().get("/observe/metrics", null).body()
                    .matches("(?s).*holdfast_mqtt_reconnects_scheduled_total [1-9]\\d*\n.*") && "CONNECTED".equals(mqttState(node)));
            assertThat(node.api().get("/observe/metrics", null).body())
                    .as("a broker that kept the session").contains("holdfast_mqtt_sessions_lost_total 0\n");

            broker.restartWithoutItsStore();
            await().atMost(Duration.ofSeconds(20)).until(() -> node.api().get("/observe/metrics", null).body()
                    .contains("holdfast_mqtt_sessions_lost_total 1\n"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "CONNECTED".equals(mqttState(node)));
        }
    }

    private static String mqttState(TestNode node) {
        return node.api().status(TestNode.ADMIN_TOKEN).get("mqtt").get("state").asText();
    }

    static long appended(ChildNode node) {
        long sum = 0;
        for (var lane : node.api().status(TestNode.ADMIN_TOKEN).get("lanes")) {
            sum += lane.get("appended").asLong();
        }
        return sum;
    }

    /**
     * Device readings journaled so far: the standard and batch lanes. The critical lane is left out because the
     * node journals its own operator alerts there (a broker restart can raise one), and counting one of those
     * would end a wait for the devices' last message one message early.
     */
    static long deviceReadingsAppended(ChildNode node) {
        long sum = 0;
        for (var lane : node.api().status(TestNode.ADMIN_TOKEN).get("lanes")) {
            if (!"critical".equals(lane.get("name").asText())) {
                sum += lane.get("appended").asLong();
            }
        }
        return sum;
    }

    static void assertEveryMessageJournaledExactlyOnce(Path data) {
        // The node's own events (an operator alert while the broker was away: source channel "node") are not
        // device messages; everything else in the journals must be exactly what the devices published.
        List<EventEnvelope> events = JournalScan.all(data).stream().filter(e -> !"node".equals(e.source().channel()))
                .toList();
        List<String> keys = events.stream().map(EventEnvelope::idempotencyKey).toList();
        assertThat(keys).doesNotHaveDuplicates();
        Set<String> expected = new HashSet<>();
        for (int d = 0; d < PUBLISHERS; d++) {
            String device = "pub-" + d;
            IntStream.range(0, PER_PUBLISHER).forEach(i -> expected.add(DevicePublishers.key(device, i)));
        }
        Set<String> journaled = keys.stream().collect(Collectors.toSet());
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(journaled);
        assertThat(missing).as("published but not journaled").isEmpty();
        assertThat(journaled).as("nothing journaled that was not published").isEqualTo(expected);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.source().channel()).isEqualTo("mqtt");
            assertThat(e.subject().deviceId()).isEqualTo(e.source().system());
        });
    }
}
