package holdfast.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncSettingsTest {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        SyncSettings s = SyncSettings.from(ConfigLoader.load(null, Map.of(), Map.of()));
        assertThat(s.configured()).isFalse();
        assertThat(s.batchMaxEvents()).isEqualTo(500);
        assertThat(s.authRetryInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.drainMaxEventsPerSecond()).isEqualTo(10_000);
        assertThat(s.retentionPeriod()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shippedConfigurationDocumentsExactlyTheDefaults() {
        SyncSettings shipped = SyncSettings.from(ConfigLoader.load(java.nio.file.Path.of("..", "config",
                "edge-node.yaml"), Map.of(), Map.of()));
        assertThat(shipped).isEqualTo(SyncSettings.from(ConfigLoader.load(null, Map.of(), Map.of())));
    }

    @Test
    void environmentSetsUrlAndTokenAndTrailingSlashIsDropped() {
        SyncSettings s = SyncSettings.from(ConfigLoader.load(null, Map.of("HOLDFAST_UPSTREAM_URL",
                "http://127.0.0.1:9090/", "HOLDFAST_UPSTREAM_TOKEN", "t"), Map.of()));
        assertThat(s.url()).isEqualTo("http://127.0.0.1:9090");
        assertThat(s.token()).isEqualTo("t");
        assertThat(s.configured()).isTrue();
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> SyncSettings.from(ConfigLoader.load(null, Map.of(), Map.of("upstream.url", "ftp://x"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.url");
        assertThatThrownBy(() -> SyncSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("upstream.batch-max-events", "0")))).hasMessageContaining("upstream.batch-max-events");
        assertThatThrownBy(() -> SyncSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("upstream.backoff-initial-ms", "5000", "upstream.backoff-max-ms", "100"))))
                .hasMessageContaining("upstream.backoff-max-ms");
    }
}
