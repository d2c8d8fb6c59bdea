package holdfast.edge.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.Ports;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestDevice;
import holdfast.edge.support.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's doors (contract §2), tried the way an attacker on the ward network would: every
 * forbidden action is refused by the broker, and the node keeps ingesting the real devices' readings.
 */
class BrokerDoorsIT {

    @TempDir
    static Path data;
    static TestNode node;
    static int port;
    static String url;

    @BeforeAll
    static void start() {
        port = Ports.free();
        url = "tcp://127.0.0.1:" + port;
        node = TestNode.start(data, Map.of("mqtt.embedded-broker.port", String.valueOf(port)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONNECTED".equals(mqttState()));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void anonymousClientIsRefused() {
        assertThatThrownBy(() -> connect("anon-1", null, null)).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> connect("anon-2", "mon-07", null)).isInstanceOf(MqttException.class);
        assertThat(counter("holdfast_broker_connections_refused_total")).isPositive();
    }

    @Test
    void unknownTokenIsRefused() {
        assertThatThrownBy(() -> connect("guess", "mon-07", "hf_not-a-token")).isInstanceOf(MqttException.class);
    }

    @Test
    void nobodyButTheNodeMayTakeTheNodesSessionAndItsQueuedReadings() throws Exception {
        String deviceToken = issue("device", "mon-11");
        String viewerToken = issue("viewer", null);
        for (String clientId : List.of("holdfast-edge-1", "edge-1-alerts")) {
            assertThatThrownBy(() -> connect(clientId, null, null)).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> connect(clientId, "mon-11", deviceToken)).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> connect(clientId, "x", viewerToken)).isInstanceOf(MqttException.class);
        }
        // The node kept its session: a reading published now is journaled (and so was acknowledged by the node).
        long before = appended();
        try (TestDevice device = new TestDevice(url, "dev-mon-11", "mon-11", deviceToken)) {
            device.publish(TestDevice.observations("mon-11"), bytes(Readings.heartRate("mon-11", "after-takeover")));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> appended() == before + 1);
        assertThat(mqttState()).isEqualTo("CONNECTED");
    }

    @Test
    void deviceTokenConnectsOnlyAsItsOwnDevice() {
        String token = issue("device", "mon-07");
        assertThatThrownBy(() -> connect("spoof", "mon-01", token)).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> connect("spoof", "", token)).isInstanceOf(MqttException.class);
    }

    @Test
    void deviceMayPublishOnlyToItsOwnTopicsAndSubscribeToNothing() throws Exception {
        String token = issue("device", "mon-07");
        MqttClient squatter = connect("dev-mon-07", "mon-07", token);
        try {
            for (String filter : List.of("#", "holdfast/v1/devices/#", "holdfast/v1/devices/mon-01/observations",
                    "holdfast/v1/alerts/#", "$share/g/#")) {
                assertThat(grantedQos(squatter, filter)).as("subscribe " + filter).isEqualTo(0x80);
            }
            long before = appended();
            // Another device's topic: the broker drops the connection instead of delivering it.
            assertThatThrownBy(() -> publish(squatter, "holdfast/v1/devices/mon-01/observations",
                    Readings.heartRate("mon-01", "forged-1"))).isInstanceOf(MqttException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !squatter.isConnected());
            // Its own topic still works on a new connection, and only that reading is journaled.
            try (TestDevice own = new TestDevice(url, "dev-mon-07", "mon-07", token)) {
                own.publish(TestDevice.observations("mon-07"), bytes(Readings.heartRate("mon-07", "own-1")));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> appended() == before + 1);
        } finally {
            squatter.close(true);
        }
    }

    @Test
    void viewerMaySubscribeOnlyToAlertsAndOpsAndNoClientMayForgeAnAlert() throws Exception {
        String viewer = issue("viewer", null);
        String admin = TestNode.ADMIN_TOKEN;
        MqttClient display = connect("ward-display", "display-1", viewer);
        List<String> shown = new CopyOnWriteArrayList<>();
        try {
            for (String filter : List.of("#", "holdfast/v1/devices/+/observations", "holdfast/#")) {
                assertThat(grantedQos(display, filter)).as("viewer subscribe " + filter).isEqualTo(0x80);
            }
            assertThat(grantedQos(connect("admin-display", "ops", admin), "holdfast/v1/devices/#"))
                    .as("even an admin token reads no readings over MQTT").isEqualTo(0x80);
            assertThat(grantedQos(display, "holdfast/v1/ops/#")).isEqualTo(1);
            display.subscribe("holdfast/v1/alerts/#", 1, (topic, m) ->
                    shown.add(new String(m.getPayload(), StandardCharsets.UTF_8)));

            MqttClient forger = connect("forger", "display-2", viewer);
            assertThatThrownBy(() -> publish(forger, "holdfast/v1/alerts/ICU",
                    "{\"alertId\":1,\"status\":\"acknowledged\",\"note\":\"FORGED\"}")).isInstanceOf(MqttException.class);
            forger.close(true);
            String deviceToken = issue("device", "mon-12");
            MqttClient device = connect("dev-mon-12", "mon-12", deviceToken);
            assertThatThrownBy(() -> publish(device, "holdfast/v1/alerts/ICU",
                    "{\"alertId\":1,\"status\":\"acknowledged\",\"note\":\"FORGED\"}")).isInstanceOf(MqttException.class);
            device.close(true);

            // A real alert, raised by the node from a low SpO2 reading, is what the display shows.
            assertThat(node.api().post("/api/v1/observations", admin,
                    Readings.reading("mon-12", "spo2-low", "59408-5", 80, null)).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> !shown.isEmpty());
            assertThat(shown).noneMatch(s -> s.contains("FORGED"));
        } finally {
            display.disconnect(1_000);
            display.close(true);
        }
    }

    @Test
    void revokedTokenIsRefusedAtTheNextConnection() throws Exception {
        JsonNode issued = node.api().post("/api/v1/tokens", TestNode.ADMIN_TOKEN,
                "{\"role\":\"device\",\"name\":\"mon-13\",\"deviceId\":\"mon-13\"}").json();
        String token = issued.get("token").asText();
        MqttClient first = connect("dev-mon-13", "mon-13", token);
        first.disconnect(1_000);
        first.close(true);
        assertThat(node.api().delete("/api/v1/tokens/" + issued.get("id").asText(), TestNode.ADMIN_TOKEN).status())
                .isEqualTo(204);
        assertThatThrownBy(() -> connect("dev-mon-13", "mon-13", token)).isInstanceOf(MqttException.class);
    }

    private static MqttClient connect(String clientId, String username, String password) throws MqttException {
        MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setTimeToWait(10_000);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(password.toCharArray());
        }
        try {
            client.connect(o);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return client;
    }

    /** The QoS the broker granted, {@code 0x80} when it refused the subscription. */
    private static int grantedQos(MqttClient client, String filter) throws MqttException {
        try {
            return client.subscribeWithResponse(filter, 1).getGrantedQos()[0];
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
                return 0x80;
            }
            throw e;
        }
    }

    private static void publish(MqttClient client, String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(bytes(payload));
        m.setQos(1);
        client.publish(topic, m);
    }

    private static String issue(String role, String deviceId) {
        return node.api().issueToken(TestNode.ADMIN_TOKEN, role, deviceId);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String mqttState() {
        return node.api().status(TestNode.ADMIN_TOKEN).get("mqtt").get("state").asText();
    }

    private static long appended() {
        long sum = 0;
        for (JsonNode lane : node.api().status(TestNode.ADMIN_TOKEN).get("lanes")) {
            sum += lane.get("appended").asLong();
        }
        return sum;
    }

    private static long counter(String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$")
                .matcher(node.api().get("/observe/metrics", null).body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
