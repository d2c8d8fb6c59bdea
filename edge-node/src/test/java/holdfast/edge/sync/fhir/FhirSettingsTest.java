package holdfast.edge.sync.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import holdfast.edge.sync.SyncSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FhirSettingsTest {

    @TempDir
    Path tmp;

    private static FhirSettings of(String url, Map<String, String> values) {
        return FhirSettings.from(ConfigLoader.load(null, Map.of("HOLDFAST_UPSTREAM_URL", url), values));
    }

    @Test
    void fhirUrlNamesTheBaseAndDefaultsSendNoCredentials() {
        FhirSettings s = of("fhir+https://fhir.site.example/r4/", Map.of());
        assertThat(s.base()).hasToString("https://fhir.site.example/r4");
        assertThat(s.auth()).isEqualTo("none");
        assertThat(s.patientSystem()).isEqualTo("urn:holdfast:patient-id");
        assertThat(s.encounterSystem()).isEqualTo("urn:holdfast:encounter-id");
    }

    @Test
    void shippedConfigurationDocumentsExactlyTheDefaults() {
        Map<String, String> env = Map.of("HOLDFAST_UPSTREAM_URL", "fhir+http://127.0.0.1:8080/fhir");
        assertThat(FhirSettings.from(ConfigLoader.load(Path.of("..", "config", "edge-node.yaml"), env, Map.of())))
                .isEqualTo(FhirSettings.from(ConfigLoader.load(null, env, Map.of())));
    }

    @Test
    void upstreamUrlAcceptsFhirBesideHttpAndKafka() {
        SyncSettings s = SyncSettings.from(ConfigLoader.load(null, Map.of("HOLDFAST_UPSTREAM_URL",
                "fhir+http://127.0.0.1:8080/fhir"), Map.of()));
        assertThat(s.configured()).isTrue();
        assertThat(FhirSettings.handles(s.url())).isTrue();
        assertThat(FhirSettings.handles("https://cloud.example")).isFalse();
        assertThat(FhirSettings.handles("kafka://k1:9092")).isFalse();
        assertThatThrownBy(() -> SyncSettings.from(ConfigLoader.load(null, Map.of("HOLDFAST_UPSTREAM_URL",
                "fhir+ftp://x/fhir"), Map.of()))).isInstanceOf(SettingsException.class).hasMessageContaining("upstream.url");
    }

    @Test
    void bearerNeedsItsToken() {
        assertThatThrownBy(() -> of("fhir+https://f.example/fhir", Map.of("upstream.fhir.auth", "bearer")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.fhir.token");
        assertThat(of("fhir+https://f.example/fhir", Map.of("upstream.fhir.auth", "bearer",
                "upstream.fhir.token", "t0k")).token()).isEqualTo("t0k");
    }

    @Test
    void unknownAuthStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> of("fhir+https://f.example/fhir", Map.of("upstream.fhir.auth", "basic")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.fhir.auth")
                .hasMessageContaining("client-credentials");
    }

    @Test
    void clientCredentialsNeedTokenUrlClientIdAndASecretFromTheKeyOrAFile() throws Exception {
        Map<String, String> base = Map.of("upstream.fhir.auth", "client-credentials");
        assertThatThrownBy(() -> of("fhir+https://f.example/fhir", base))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.fhir.token-url");
        Map<String, String> withUrl = new java.util.HashMap<>(base);
        withUrl.put("upstream.fhir.token-url", "https://idp.example/token");
        assertThatThrownBy(() -> of("fhir+https://f.example/fhir", withUrl))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.fhir.client-id");
        withUrl.put("upstream.fhir.client-id", "edge-1");
        assertThatThrownBy(() -> of("fhir+https://f.example/fhir", withUrl))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.fhir.client-secret");
        withUrl.put("upstream.fhir.client-secret-file", tmp.resolve("missing").toString());
        assertThatThrownBy(() -> of("fhir+https://f.example/fhir", withUrl))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.fhir.client-secret-file");
        Path secret = Files.writeString(tmp.resolve("secret"), "s3cret\n");
        withUrl.put("upstream.fhir.client-secret-file", secret.toString());
        FhirSettings s = of("fhir+https://f.example/fhir", withUrl);
        assertThat(s.clientSecret()).isEqualTo("s3cret");
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void identifierSystemsMustBeUris() {
        assertThatThrownBy(() -> of("fhir+https://f.example/fhir",
                Map.of("upstream.fhir.patient-identifier-system", "a|b")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("upstream.fhir.patient-identifier-system");
    }
}
