package holdfast.edge.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.watch.OpsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CanarySettingsTest {

    @Test
    void shippedConfigHoldsTheDocumentedDefaults() {
        var shipped = ConfigLoader.load(Path.of("..", "config", "edge-node.yaml"), Map.of(), Map.of());
        CanarySettings canary = CanarySettings.from(shipped.get("canary"));
        assertThat(canary).isEqualTo(CanarySettings.from(ConfigLoader.load(null, Map.of(), Map.of()).get("canary")));
        assertThat(canary.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(canary.acceptWithin()).isEqualTo(Duration.ofSeconds(300));
        assertThat(canary.paths()).isEqualTo(Set.of("http", "mqtt", "hl7"));
        assertThat(canary.enabled()).isTrue();

        OpsSettings ops = OpsSettings.from(shipped.get("ops"));
        assertThat(ops).isEqualTo(OpsSettings.from(ConfigLoader.load(null, Map.of(), Map.of()).get("ops")));
        assertThat(ops.tlsExpiryWarning()).isEqualTo(Duration.ofDays(30));
        assertThat(ops.clockSkewMax()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anIntervalOfZeroTurnsTheCanaryOff() {
        assertThat(CanarySettings.from(ConfigLoader.load(null, Map.of(), Map.of("canary.interval-seconds", "0"))
                .get("canary")).enabled()).isFalse();
    }

    @Test
    void anUnknownPathStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> CanarySettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("canary.paths", "http,smtp")).get("canary"))).hasMessageContaining("canary.paths")
                .hasMessageContaining("smtp");
        assertThatThrownBy(() -> CanarySettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("canary.interval-seconds", "-1")).get("canary"))).hasMessageContaining("canary.interval-seconds");
    }
}
