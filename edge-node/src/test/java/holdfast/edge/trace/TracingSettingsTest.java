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
        assertThat(Tracing.build(shipped, "edge-1")).isSameAs(Tracing.OFF);
    }

    @Test
    void anHttpCollectorUrlTurnsTracingOn() {
        TracingSettings on = TracingSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("observe.otlp-endpoint", "http://127.0.0.1:4318/v1/traces")).get("observe"));
        assertThat(on.enabled()).isTrue();
        try (Tracing tracing = Tracing.build(on, "edge-1")) {
            assertThat(tracing.enabled()).isTrue();
            assertThat(tracing.tracer().spanBuilder("before start").startSpan().getSpanContext().isValid())
                    .as("nothing is traced before the exporter starts").isFalse();
            tracing.start();
            assertThat(tracing.tracer().spanBuilder("started").startSpan().getSpanContext().isValid()).isTrue();
        }
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> TracingSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("observe.otlp-endpoint", "collector:4317")).get("observe")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("observe.otlp-endpoint");
    }
}
