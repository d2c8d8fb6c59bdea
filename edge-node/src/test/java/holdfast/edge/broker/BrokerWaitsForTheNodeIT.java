package holdfast.edge.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.security.Principal;
import holdfast.edge.security.Role;
import holdfast.edge.support.Ports;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real embedded broker that waits for the node: devices connecting before the node's subscriber has resumed its
 * session are told "server unavailable" on the wire, while displays and the node get in; once admitted, they connect.
 */
class BrokerWaitsForTheNodeIT {

    private static final NodeCredential NODE = new NodeCredential(NodeCredential.USERNAME, "node-secret");
    private static final Map<String, Principal> TOKENS = Map.of(
            "t-mon-07", new Principal("1", "mon-07", Role.DEVICE, "mon-07"),
            "t-viewer", new Principal("3", "display", Role.VIEWER, null));

    @TempDir
    Path home;

    @Test
    void aDeviceIsToldServerUnavailableUntilTheNodesSubscriberIsBackThenConnects() throws Exception {
        int port = Ports.free();
        String url = "tcp://127.0.0.1:" + port;
        BrokerSettings settings = BrokerSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("mqtt.embedded-broker.port", String.valueOf(port))).get("mqtt.embedded-broker"));
        BrokerAccess access = new BrokerAccess(new MapTokens(TOKENS), NODE, Set.of("holdfast-edge-1"), false, true);
        LongAdder refused = new LongAdder();
        try (EmbeddedBroker broker = EmbeddedBroker.start(settings, home, access, refused)) {
            assertThatThrownBy(() -> connect(url, "dev-mon-07", "mon-07", "t-mon-07"))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE));
            assertThat(refused.sum()).isEqualTo(1);
            connect(url, "display-1", "display", "t-viewer");
            connect(url, "holdfast-edge-1", NodeCredential.USERNAME, "node-secret");

            access.admitDevices();
            connect(url, "dev-mon-07", "mon-07", "t-mon-07");
            assertThat(refused.sum()).isEqualTo(1);
        }
    }

    /** Connects an MQTT 3.1.1 client and disconnects it again; throws what the broker answered. */
    private static void connect(String url, String clientId, String user, String token) throws MqttException {
        try (MqttClient client = new MqttClient(url, clientId, new MemoryPersistence())) {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no second try as MQTT 3.1
            options.setConnectionTimeout(10);
            options.setUserName(user);
            options.setPassword(token.toCharArray());
            client.connect(options);
            client.disconnect();
        }
    }
}
