package holdfast.edge.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingSettingsTest {

    @Test
    void theShippedConfigurationTracesNothing() {
        TracingSettings shipped = TracingSettings.from(ConfigLoader.load(Path.of("..", "config", "edge-node.yaml"),
                Map.of(), Map.of()).get("observe"));
        assertThat(shipped).isEqualTo(TracingSettings.OFF)
                .isEqualTo(TracingSettings.from(ConfigLoader.load(null, Map.of(), Map.of()).get("observe")));
        assertThat(shipped.enabled()).isFalse();
        assertThat(Tracing.start(shipped, "edge-1")).isSameAs(Tracing.OFF);
    }

    @Test
    void anHttpCollectorUrlTurnsTracingOn() {
        TracingSettings on = TracingSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("observe.otlp-endpoint", "http://127.0.0.1:4318/v1/traces")).get("observe"));
        assertThat(on.enabled()).isTrue();
        try (Tracing tracing = Tracing.start(on, "edge-1")) {
            assertThat(tracing.enabled()).isTrue();
        }
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> TracingSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("observe.otlp-endpoint", "collector:4317")).get("observe")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("observe.otlp-endpoint");
    }
}
