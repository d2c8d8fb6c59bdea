package holdfast.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsSettingsTest {

    @Test
    void tlsIsOffByDefaultOnBothListeners() {
        Config config = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(TlsSettings.from(config.get("http.tls"))).isEqualTo(TlsSettings.disabled("http.tls"));
        assertThat(TlsSettings.from(config.get("mllp.tls"))).isEqualTo(TlsSettings.disabled("mllp.tls"));
    }

    @Test
    void environmentVariablesTurnTlsOn() {
        Config config = ConfigLoader.load(null, Map.of(
                "HOLDFAST_CONFIG_HTTP__TLS__ENABLED", "true",
                "HOLDFAST_CONFIG_HTTP__TLS__KEYSTORE", "/etc/holdfast/tls/ward.p12",
                "HOLDFAST_CONFIG_HTTP__TLS__KEYSTORE_PASSWORD_FILE", "/etc/holdfast/tls/ward.pass",
                "HOLDFAST_CONFIG_MLLP__TLS__HANDSHAKE_TIMEOUT_SECONDS", "3"), Map.of());
        TlsSettings http = TlsSettings.from(config.get("http.tls"));
        assertThat(http.enabled()).isTrue();
        assertThat(http.keystore().path()).contains(Path.of("/etc/holdfast/tls/ward.p12"));
        assertThat(http.keystore().passwordFile()).contains(Path.of("/etc/holdfast/tls/ward.pass"));
        assertThat(TlsSettings.from(config.get("mllp.tls")).handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void enabledWithoutKeystoreNamesTheKey() {
        Config config = ConfigLoader.load(null, Map.of(), Map.of("mllp.tls.enabled", "true"));
        assertThatThrownBy(() -> TlsSettings.from(config.get("mllp.tls")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("'mllp.tls.keystore'");
    }

    @Test
    void clientCertificatesWithoutTrustStoreNameTheKey() {
        Config config = ConfigLoader.load(null, Map.of(), Map.of("http.tls.enabled", "true",
                "http.tls.keystore", "ward.p12", "http.tls.client-auth", "required"));
        assertThatThrownBy(() -> TlsSettings.from(config.get("http.tls")))
                .hasMessageContaining("'http.tls.truststore'");
    }

    @Test
    void unknownClientAuthIsRefused() {
        Config config = ConfigLoader.load(null, Map.of(), Map.of("http.tls.client-auth", "sometimes"));
        assertThatThrownBy(() -> TlsSettings.from(config.get("http.tls")))
                .hasMessageContaining("'http.tls.client-auth'").hasMessageContaining("none, optional, required");
    }

    @Test
    void passwordInlineAndInAFileAtOnceIsRefused() {
        Config config = ConfigLoader.load(null, Map.of(), Map.of("mllp.tls.keystore-password", "secret",
                "mllp.tls.keystore-password-file", "/run/secrets/ward"));
        assertThatThrownBy(() -> TlsSettings.from(config.get("mllp.tls")))
                .hasMessageContaining("'mllp.tls.keystore-password'").hasMessageContaining("not both");
    }

    @Test
    void toStringLeavesPasswordsOut() {
        Config config = ConfigLoader.load(null, Map.of(), Map.of("http.tls.keystore", "ward.p12",
                "http.tls.keystore-password", "do-not-log-me", "http.tls.truststore-password", "nor-me"));
        assertThat(TlsSettings.from(config.get("http.tls")).toString())
                .contains("ward.p12").doesNotContain("do-not-log-me").doesNotContain("nor-me");
    }
}
