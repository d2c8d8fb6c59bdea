package holdfast.edge.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {

    @Test
    void shippedConfigHoldsTheDocumentedDefaults() {
        AlertSettings shipped = AlertSettings.from(ConfigLoader.load(Path.of("..", "config", "edge-node.yaml"), Map.of(),
                Map.of()).get("alerts"));
        assertThat(shipped.rules()).containsExactlyElementsOf(AlertSettings.defaultRules());
        assertThat(shipped.cooldown()).isEqualTo(Duration.ofSeconds(300));
        assertThat(shipped.escalations()).containsExactly(Duration.ofSeconds(120), Duration.ofSeconds(300));
        assertThat(shipped.raiseWindow()).isEqualTo(Duration.ofMillis(10));
        assertThat(AlertSettings.from(ConfigLoader.load(null, Map.of(), Map.of()).get("alerts"))).isEqualTo(shipped);
    }

    @Test
    void rulesMatchStrictlyBeyondTheirLimitsAndTheirWard() {
        AlertRule spo2 = new AlertRule("spo2-low", "59408-5", "ICU", 88.0, null);
        assertThat(spo2.matches("59408-5", 87.9, "ICU")).isTrue();
        assertThat(spo2.matches("59408-5", 88, "ICU")).isFalse();
        assertThat(spo2.matches("59408-5", 80, "CCU")).isFalse();
        assertThat(spo2.matches("8867-4", 80, "ICU")).isFalse();
        assertThat(List.of(new AlertRule("hr", "8867-4", null, null, 140.0)).get(0).matches("8867-4", 141, null)).isTrue();
    }

    @Test
    void aRuleWithoutALimitStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> AlertSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("alerts.rules.0.name", "x", "alerts.rules.0.code", "8867-4")).get("alerts")))
                .hasMessageContaining("alerts.rules.0");
    }

    @Test
    void aRaiseWindowLongerThanHalfTheAlertPromiseStopsStartUpNamingTheKey() {
        // Alerts are promised durable within 100 ms of their reading; the window may take at most half of that.
        assertThatThrownBy(() -> AlertSettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("alerts.raise-window-millis", "80")).get("alerts")))
                .hasMessageContaining("alerts.raise-window-millis").hasMessageContaining("0 to 50");
        assertThat(AlertSettings.from(ConfigLoader.load(null, Map.of(), Map.of("alerts.raise-window-millis", "0"))
                .get("alerts")).raiseWindow()).isZero();
    }
}
