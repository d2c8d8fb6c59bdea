package holdfast.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.config.ConfigLoader;
import holdfast.edge.config.SettingsException;
import holdfast.edge.support.TestCertificates;
import holdfast.edge.support.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keystores that cannot be used stop start-up with a message naming the key to fix (real PKCS#12 files made
 * with keytool, hence an IT).
 */
class ServerTlsIT {

    @TempDir
    static Path tmp;

    static TestCertificates.Pair ward;

    @BeforeAll
    static void makeKeystores() {
        ward = TestCertificates.create(tmp, "ward-node");
    }

    @Test
    void keystoreWithPasswordFileLoads() throws Exception {
        Path passwordFile = Files.writeString(tmp.resolve("ward.pass"), TestCertificates.PASSWORD + "\n");
        ServerTls tls = load(Map.of("keystore", ward.keystore().toString(),
                "keystore-password-file", passwordFile.toString()));
        assertThat(tls.helidonTls().enabled()).isTrue();
    }

    @Test
    void missingKeystoreNamesTheKey() {
        assertThatThrownBy(() -> load(Map.of("keystore", tmp.resolve("nope.p12").toString(),
                "keystore-password", TestCertificates.PASSWORD)))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("'mllp.tls.keystore'").hasMessageContaining("does not exist");
    }

    @Test
    void wrongPasswordNamesThePasswordKey() {
        assertThatThrownBy(() -> load(Map.of("keystore", ward.keystore().toString(), "keystore-password", "wrong")))
                .hasMessageContaining("'mllp.tls.keystore-password'").hasMessageContaining("wrong password");
    }

    @Test
    void missingPasswordFileNamesItsKey() {
        assertThatThrownBy(() -> load(Map.of("keystore", ward.keystore().toString(),
                "keystore-password-file", tmp.resolve("absent.pass").toString())))
                .hasMessageContaining("'mllp.tls.keystore-password-file'");
    }

    @Test
    void noPasswordAtAllNamesThePasswordKey() {
        assertThatThrownBy(() -> load(Map.of("keystore", ward.keystore().toString())))
                .hasMessageContaining("'mllp.tls.keystore-password'").hasMessageContaining("no password given");
    }

    @Test
    void trustStoreGivenAsKeystoreIsRefusedForHavingNoPrivateKey() {
        assertThatThrownBy(() -> load(Map.of("keystore", ward.truststore().toString(),
                "keystore-password", TestCertificates.PASSWORD)))
                .hasMessageContaining("'mllp.tls.keystore'").hasMessageContaining("no private key");
    }

    @Test
    void fileThatIsNotPkcs12NamesTheKey() throws Exception {
        Path pem = Files.writeString(tmp.resolve("ward.pem"), "-----BEGIN CERTIFICATE-----\nnope\n");
        assertThatThrownBy(() -> load(Map.of("keystore", pem.toString(), "keystore-password", "whatever")))
                .hasMessageContaining("'mllp.tls.keystore'").hasMessageContaining("PKCS#12");
    }

    @Test
    void nodeDoesNotStartWithABadKeystoreAndSaysWhichKey() {
        assertThatThrownBy(() -> TestNode.start(tmp.resolve("node"), Map.of("http.tls.enabled", "true",
                "http.tls.keystore", ward.keystore().toString(), "http.tls.keystore-password", "wrong")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("'http.tls.keystore-password'");
    }

    private static ServerTls load(Map<String, String> tlsKeys) {
        Map<String, String> values = new HashMap<>();
        values.put("mllp.tls.enabled", "true");
        tlsKeys.forEach((key, value) -> values.put("mllp.tls." + key, value));
        TlsSettings settings = TlsSettings.from(ConfigLoader.load(null, Map.of(), values).get("mllp.tls"));
        return ServerTls.load(settings, Clock.systemUTC());
    }
}
