package holdfast.edge.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import holdfast.edge.sync.SyncSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    private static KafkaSettings of(String url, Map<String, String> values) {
        return KafkaSettings.from(ConfigLoader.load(null, Map.of("HOLDFAST_UPSTREAM_URL", url), values));
    }

    @Test
    void kafkaUrlNamesTheBootstrapServersAndDefaultsNameTheTopics() {
        KafkaSettings s = of("kafka://k1.site:9092,k2.site:9093/", Map.of());
        assertThat(s.bootstrap()).isEqualTo("k1.site:9092,k2.site:9093");
        assertThat(s.topic()).isEqualTo("holdfast-events");
        assertThat(s.progressTopic()).isEqualTo("holdfast-progress");
        assertThat(s.verdictTopic()).isEqualTo("holdfast-verdicts");
        assertThat(s.clientProperties()).containsEntry("bootstrap.servers", "k1.site:9092,k2.site:9093")
                .containsEntry("security.protocol", "PLAINTEXT").doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void shippedConfigurationDocumentsExactlyTheDefaults() {
        Map<String, String> env = Map.of("HOLDFAST_UPSTREAM_URL", "kafka://127.0.0.1:9092");
        assertThat(KafkaSettings.from(ConfigLoader.load(Path.of("..", "config", "edge-node.yaml"), env, Map.of())))
                .isEqualTo(KafkaSettings.from(ConfigLoader.load(null, env, Map.of())));
    }

    @Test
    void upstreamUrlAcceptsKafkaBesideHttp() {
        SyncSettings s = SyncSettings.from(ConfigLoader.load(null, Map.of("HOLDFAST_UPSTREAM_URL",
                "kafka://127.0.0.1:9092"), Map.of()));
        assertThat(s.configured()).isTrue();
        assertThat(KafkaSettings.handles(s.url())).isTrue();
        assertThat(KafkaSettings.handles("https://cloud.example")).isFalse();
    }

    @Test
    void saslSettingsBecomeTheClientsLoginWithoutShowingThePassword() {
        KafkaSettings s = of("kafka://k1:9093", Map.of("upstream.kafka.security-protocol", "sasl_ssl",
                "upstream.kafka.sasl-username", "edge-1", "upstream.kafka.sasl-password", "s3\"cret"));
        assertThat(s.clientProperties().getProperty("sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"edge-1\" "
                        + "password=\"s3\\\"cret\";");
        assertThat(s.toString()).doesNotContain("s3");
    }

    @Test
    void badValuesStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> of("kafka://", Map.of())).isInstanceOf(SettingsException.class)
                .hasMessageContaining("upstream.url");
        assertThatThrownBy(() -> of("kafka://k1", Map.of())).isInstanceOf(SettingsException.class)
                .hasMessageContaining("upstream.url").hasMessageContaining("host:port");
        assertThatThrownBy(() -> of("kafka://k1:99999", Map.of())).isInstanceOf(SettingsException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> of("kafka://k1:9092", Map.of("upstream.kafka.topic", "bad topic")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.kafka.topic");
        assertThatThrownBy(() -> of("kafka://k1:9092", Map.of("upstream.kafka.security-protocol", "SASL_SSL")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.kafka.sasl-username");
        assertThatThrownBy(() -> of("kafka://k1:9092", Map.of("upstream.kafka.sasl-mechanism", "GSSAPI")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.kafka.sasl-mechanism");
    }
}
