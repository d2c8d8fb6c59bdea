package holdfast.edge.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.broker.BrokerSettings;
import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import holdfast.edge.devices.DeviceRegistrySettings;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MqttSettingsTest {

    private static Config config(Map<String, String> env, Map<String, String> values) {
        return ConfigLoader.load(null, env, values);
    }

    @Test
    void defaultsSubscribeToTheEmbeddedBrokerOnLoopback() {
        Config c = config(Map.of(), Map.of());
        MqttSettings mqtt = MqttSettings.from(c.get("mqtt"));
        BrokerSettings broker = BrokerSettings.from(c.get("mqtt.embedded-broker"));
        assertThat(mqtt.url()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(mqtt.clientIdFor("edge-1")).isEqualTo("holdfast-edge-1");
        assertThat(mqtt.backpressurePause()).isEqualTo(Duration.ofSeconds(2));
        assertThat(broker.enabled()).isTrue();
        assertThat(broker.host()).isEqualTo("127.0.0.1");
        assertThat(broker.allowAnonymous()).isFalse();
        assertThat(broker.maxQueueSize()).isEqualTo(1_000_000);
        assertThat(mqtt.receiveMaximum()).isEqualTo(1_000);
        assertThat(mqtt.ackThreads()).isEqualTo(2);
        assertThat(broker.inflightWindow()).isEqualTo(1_000);
    }

    @Test
    void environmentChoosesTheBrokerAndTheEmbeddedPort() {
        Config c = config(Map.of("HOLDFAST_EMBEDDED_BROKER_PORT", "2883"), Map.of());
        assertThat(MqttSettings.from(c.get("mqtt")).url()).isEqualTo("tcp://127.0.0.1:2883");
        c = config(Map.of("HOLDFAST_EMBEDDED_BROKER_PORT", "0", "HOLDFAST_MQTT_URL", "tcp://10.0.0.5:1883"), Map.of());
        assertThat(MqttSettings.from(c.get("mqtt")).url()).isEqualTo("tcp://10.0.0.5:1883");
        assertThat(BrokerSettings.from(c.get("mqtt.embedded-broker")).enabled()).isFalse();
    }

    @Test
    void noEmbeddedBrokerAndNoUrlMeansNoMqttIngest() {
        Config c = config(Map.of("HOLDFAST_EMBEDDED_BROKER_PORT", "0"), Map.of());
        assertThat(MqttSettings.from(c.get("mqtt")).enabled()).isFalse();
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> MqttSettings.from(config(Map.of("HOLDFAST_MQTT_URL", "http://x:1"), Map.of()).get("mqtt")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("'mqtt.url'");
        assertThatThrownBy(() -> MqttSettings.from(config(Map.of("HOLDFAST_MQTT_URL", "tcp://nohost"), Map.of())
                .get("mqtt"))).isInstanceOf(SettingsException.class).hasMessageContaining("'mqtt.url'");
        assertThatThrownBy(() -> MqttSettings.from(config(Map.of("HOLDFAST_EMBEDDED_BROKER_PORT", "70000"), Map.of())
                .get("mqtt"))).isInstanceOf(SettingsException.class).hasMessageContaining("'mqtt.embedded-broker.port'");
        assertThatThrownBy(() -> MqttSettings.from(config(Map.of(), Map.of("mqtt.reconnect-min-ms", "5000",
                "mqtt.reconnect-max-ms", "1000")).get("mqtt")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("'mqtt.reconnect-max-ms'");
        assertThatThrownBy(() -> MqttSettings.from(config(Map.of(), Map.of("mqtt.receive-maximum", "70000"))
                .get("mqtt"))).isInstanceOf(SettingsException.class).hasMessageContaining("'mqtt.receive-maximum'");
        assertThatThrownBy(() -> MqttSettings.from(config(Map.of(), Map.of("mqtt.ack-threads", "0"))
                .get("mqtt"))).isInstanceOf(SettingsException.class).hasMessageContaining("'mqtt.ack-threads'");
        assertThatThrownBy(() -> BrokerSettings.from(config(Map.of(), Map.of("mqtt.embedded-broker.inflight-window", "0"))
                .get("mqtt.embedded-broker"))).isInstanceOf(SettingsException.class)
                .hasMessageContaining("mqtt.embedded-broker.inflight-window");
        assertThatThrownBy(() -> BrokerSettings.from(config(Map.of(), Map.of("mqtt.embedded-broker.password", "shared"))
                .get("mqtt.embedded-broker"))).isInstanceOf(SettingsException.class)
                .hasMessageContaining("mqtt.embedded-broker.password").hasMessageContaining("API token");
        assertThatThrownBy(() -> DeviceRegistrySettings.from(config(Map.of(), Map.of("devices.entries.0.id", "bad id!"))
                .get("devices"))).isInstanceOf(SettingsException.class).hasMessageContaining("devices.entries.0.id");
    }

    @Test
    void shippedConfigDocumentsTheDefaults() {
        Config c = ConfigLoader.load(Path.of("..", "config", "edge-node.yaml"), Map.of(), Map.of());
        assertThat(MqttSettings.from(c.get("mqtt"))).isEqualTo(MqttSettings.from(config(Map.of(), Map.of()).get("mqtt")));
        assertThat(BrokerSettings.from(c.get("mqtt.embedded-broker")))
                .isEqualTo(BrokerSettings.from(config(Map.of(), Map.of()).get("mqtt.embedded-broker")));
        DeviceRegistrySettings devices = DeviceRegistrySettings.from(c.get("devices"));
        assertThat(devices.entries()).isEmpty();
        assertThat(devices.reloadInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(devices.file()).isEqualTo(Path.of("config", "devices.yaml").toAbsolutePath().normalize());
    }
}
