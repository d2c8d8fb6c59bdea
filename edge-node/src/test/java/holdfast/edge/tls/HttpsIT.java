package holdfast.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.support.ApiClient;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestCertificates;
import holdfast.edge.support.TestNode;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API over TLS: reachable with the ward's trust store, refused without it or in plain text. */
class HttpsIT {

    @TempDir
    static Path tmp;

    static TestCertificates.Pair ward;
    static TestNode node;

    @BeforeAll
    static void startNodeWithHttps() {
        ward = TestCertificates.create(tmp, "ward-node");
        node = TestNode.start(tmp.resolve("node"), Map.of(
                "http.tls.enabled", "true",
                "http.tls.keystore", ward.keystore().toString(),
                "http.tls.keystore-password", TestCertificates.PASSWORD));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void clientWithTheWardTrustStoreGetsHealthAndCanPostAnObservation() {
        ApiClient https = new ApiClient(httpsBase(), HttpClient.newBuilder().sslContext(ward.clientContext())
                .connectTimeout(Duration.ofSeconds(5)).build());

        assertThat(https.get("/observe/health", null).status()).isEqualTo(200);
        ApiClient.Response posted = https.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                Readings.heartRate("mon-tls-1", "tls-0001"));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        assertThat(posted.json().get("duplicate").asBoolean()).isFalse();
    }

    @Test
    void clientWithDefaultTrustFailsTheHandshake() {
        ApiClient untrusting = new ApiClient(httpsBase(), HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).build());

        assertThatThrownBy(() -> untrusting.get("/observe/health", null))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() {
        ApiClient plain = new ApiClient("http://127.0.0.1:" + node.node().httpPort());

        assertThatThrownBy(() -> plain.get("/observe/health", null)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void requiredClientCertificateAdmitsOnlyClientsThatPresentATrustedOne() {
        TestCertificates.Pair script = TestCertificates.create(tmp, "ward-script");
        try (TestNode mutual = TestNode.start(tmp.resolve("mutual"), Map.of(
                "http.tls.enabled", "true",
                "http.tls.keystore", ward.keystore().toString(),
                "http.tls.keystore-password", TestCertificates.PASSWORD,
                "http.tls.client-auth", "required",
                "http.tls.truststore", script.truststore().toString(),
                "http.tls.truststore-password", TestCertificates.PASSWORD))) {
            String base = "https://127.0.0.1:" + mutual.node().httpPort();
            ApiClient withCertificate = new ApiClient(base, HttpClient.newBuilder()
                    .sslContext(ward.clientContext(script.keystore())).build());
            ApiClient withoutCertificate = new ApiClient(base, HttpClient.newBuilder()
                    .sslContext(ward.clientContext()).build());

            assertThat(withCertificate.get("/observe/health", null).status()).isEqualTo(200);
            assertThatThrownBy(() -> withoutCertificate.get("/observe/health", null))
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    private static String httpsBase() {
        return "https://127.0.0.1:" + node.node().httpPort();
    }
}
