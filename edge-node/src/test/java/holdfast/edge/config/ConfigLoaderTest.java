package holdfast.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.NodeSettings;
import holdfast.edge.audit.AuditSettings;
import holdfast.edge.security.SecuritySettings;
import holdfast.edge.backup.BackupSettings;
import holdfast.edge.journal.JournalSettings;
import holdfast.edge.lanes.DiskSettings;
import holdfast.edge.lanes.LaneRulesSettings;
import holdfast.edge.tls.TlsSettings;
import holdfast.shared.envelope.Lane;
import io.helidon.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void environmentVariablesOverrideTheFile() throws Exception {
        Path yaml = Files.writeString(dir.resolve("edge-node.yaml"), "node:\n  id: from-file\nhttp:\n  port: 9000\n");
        Config config = ConfigLoader.load(yaml, Map.of("HOLDFAST_NODE_ID", "from-env",
                "HOLDFAST_CONFIG_JOURNAL__QUEUE_CAPACITY", "123"), Map.of());
        NodeSettings node = NodeSettings.from(config);
        assertThat(node.nodeId()).isEqualTo("from-env");
        assertThat(node.httpPort()).isEqualTo(9000);
        assertThat(JournalSettings.from(config.get("journal")).queueCapacity()).isEqualTo(123);
    }

    @Test
    void shippedConfigFileLoadsWithItsDocumentedDefaults() {
        Path shipped = Path.of("..", "config", "edge-node.yaml");
        Config config = ConfigLoader.load(shipped, Map.of(), Map.of());
        assertThat(NodeSettings.from(config).nodeId()).isEqualTo("edge-1");
        assertThat(NodeSettings.from(config).httpPort()).isEqualTo(8080);
        assertThat(JournalSettings.from(config.get("journal"))).isEqualTo(JournalSettings.defaults());
        assertThat(DiskSettings.from(config.get("disk"))).isEqualTo(DiskSettings.defaults());
        LaneRulesSettings lanes = LaneRulesSettings.from(config.get("lanes"));
        assertThat(lanes.defaultLane()).isEqualTo(Lane.STANDARD);
        assertThat(lanes.rules()).containsExactlyElementsOf(LaneRulesSettings.defaultRules());
        assertThat(SecuritySettings.from(config.get("security"))).isEqualTo(SecuritySettings.defaults());
        assertThat(AuditSettings.from(config.get("audit"))).isEqualTo(AuditSettings.defaults());
        assertThat(TlsSettings.from(config.get("http.tls"))).isEqualTo(TlsSettings.disabled("http.tls"));
        assertThat(TlsSettings.from(config.get("mllp.tls"))).isEqualTo(TlsSettings.disabled("mllp.tls"));
        assertThat(BackupSettings.from(config.get("backup"))).isEqualTo(BackupSettings.defaults());
    }

    @Test
    void breakGlassDefaultLongerThanItsMaximumStopsStartUp() {
        assertThatThrownBy(() -> SecuritySettings.from(ConfigLoader.load(null, Map.of(),
                Map.of("security.break-glass-max-minutes", "10", "security.break-glass-default-minutes", "30"))
                .get("security")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("break-glass-default-minutes");
    }

    @Test
    void badValueStopsStartUpNamingTheKey() {
        Config config = ConfigLoader.load(null, Map.of("HOLDFAST_HTTP_PORT", "eighty"), Map.of());
        assertThatThrownBy(() -> NodeSettings.from(config))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("'http.port'").hasMessageContaining("not a whole number");
    }

    @Test
    void outOfRangeAndInconsistentValuesAreRefused() {
        assertThatThrownBy(() -> NodeSettings.from(ConfigLoader.load(null, Map.of(), Map.of("http.port", "70000"))))
                .hasMessageContaining("'http.port'").hasMessageContaining("allowed 0 to 65535");
        Config disk = ConfigLoader.load(null, Map.of(), Map.of("disk.batch-min-free-mb", "10",
                "disk.standard-min-free-mb", "20"));
        assertThatThrownBy(() -> DiskSettings.from(disk.get("disk")))
                .hasMessageContaining("disk.standard-min-free-mb");
        Config lanes = ConfigLoader.load(null, Map.of(), Map.of("lanes.rules.0.name", "x", "lanes.rules.0.lane", "fast"));
        assertThatThrownBy(() -> LaneRulesSettings.from(lanes.get("lanes")))
                .hasMessageContaining("lanes.rules.0.lane");
    }

    @Test
    void missingConfigFileIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of(), Map.of()))
                .hasMessageContaining("does not exist");
    }
}
