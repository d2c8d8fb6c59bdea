package holdfast.edge.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModeSettingsTest {

    @Test
    void shippedConfigurationDocumentsExactlyTheDefaults() {
        ModeSettings shipped = ModeSettings.from(ConfigLoader.load(Path.of("..", "config", "edge-node.yaml"), Map.of(),
                Map.of()).get("mode"));
        assertThat(shipped).isEqualTo(ModeSettings.defaults())
                .isEqualTo(ModeSettings.from(ConfigLoader.load(null, Map.of(), Map.of()).get("mode")));
        assertThat(shipped.onlineCriticalMaxAge()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> ModeSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("mode.online-critical-max-age-ms", "0")).get("mode")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("mode.online-critical-max-age-ms");
    }
}
