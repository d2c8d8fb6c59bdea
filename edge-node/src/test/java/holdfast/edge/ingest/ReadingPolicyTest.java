package holdfast.edge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadingPolicyTest {

    @Test
    void shippedConfigurationDocumentsExactlyTheDefaults() {
        ReadingPolicy shipped = ReadingPolicy.from(ConfigLoader.load(Path.of("..", "config", "edge-node.yaml"),
                Map.of(), Map.of()).get("readings"));
        assertThat(shipped).isEqualTo(ReadingPolicy.DEFAULT)
                .isEqualTo(ReadingPolicy.from(ConfigLoader.load(null, Map.of(), Map.of()).get("readings")));
    }

    @Test
    void configuredRangesReplaceTheDefaults() {
        ReadingPolicy policy = ReadingPolicy.from(ConfigLoader.load(null, Map.of(), Map.of(
                "readings.plausible-ranges.0.code", "x-glucose",
                "readings.plausible-ranges.0.min", "0.5",
                "readings.plausible-ranges.0.max", "60")).get("readings"));
        assertThat(policy.ranges()).containsExactly(new ReadingPolicy.PlausibleRange("x-glucose", 0.5, 60, null));
        assertThat(policy.implausible("x-glucose", 61, "mmol/L")).contains("0.5..60 for code x-glucose");
        assertThat(policy.implausible("8867-4", -5, "/min")).isNull();
    }

    @Test
    void aRangeWithoutMaxOrTheWrongWayRoundNamesItsKey() {
        assertThatThrownBy(() -> ReadingPolicy.from(ConfigLoader.load(null, Map.of(), Map.of(
                "readings.plausible-ranges.0.code", "c",
                "readings.plausible-ranges.0.min", "3")).get("readings")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("readings.plausible-ranges.0");
        assertThatThrownBy(() -> ReadingPolicy.from(ConfigLoader.load(null, Map.of(), Map.of(
                "readings.plausible-ranges.0.code", "c",
                "readings.plausible-ranges.0.min", "3",
                "readings.plausible-ranges.0.max", "2")).get("readings")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("readings.plausible-ranges.0.max");
    }
}
