package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import holdfast.edge.support.TestCertificates;
import holdfast.edge.support.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HL7 over MLLP over TLS: a sender with the ward's trust store gets its ACK; one without it, or one
 * speaking plain MLLP, gets nothing and its connection is closed within the handshake timeout.
 */
class MllpTlsIT {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    static Path tmp;

    static TestCertificates.Pair ward;
    static TestNode node;

    @BeforeAll
    static void startNodeWithMllpOverTls() {
        ward = TestCertificates.create(tmp, "ward-node");
        node = TestNode.start(tmp.resolve("node"), Map.of(
                "mllp.tls.enabled", "true",
                "mllp.tls.keystore", ward.keystore().toString(),
                "mllp.tls.keystore-password", TestCertificates.PASSWORD,
                "mllp.tls.handshake-timeout-seconds", String.valueOf(HANDSHAKE_TIMEOUT.toSeconds())));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void senderWithTheWardTrustStoreGetsAnAck() throws Exception {
        try (MllpTestClient client = new MllpTestClient(tlsSocket(ward.clientContext(), port()))) {
            assertThat(MllpTestClient.msa(client.exchange(message("TLS-1")), 1)).isEqualTo("AA");
            // The connection stays up for the next message, as plain MLLP does.
            assertThat(MllpTestClient.msa(client.exchange(message("TLS-2")), 1)).isEqualTo("AA");
        }
    }

    @Test
    void senderWithoutTheTrustStoreFailsTheHandshake() throws Exception {
        try (SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout(10_000);
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void plainTextSenderGetsNoAckAndIsClosedAndCounted() throws Exception {
        try (MllpTestClient plain = new MllpTestClient(port())) {
            plain.send(message("PLAIN-1"));
            assertThat(answerOrClosed(plain)).as("no ACK over plain text").isNull();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(handshakeFailures()).isPositive());
    }

    @Test
    void silentConnectionIsClosedAtTheHandshakeTimeout() throws Exception {
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port())) {
            silent.setSoTimeout(20_000);
            long started = System.nanoTime();
            InputStream in = silent.getInputStream();
            assertThat(in.read()).as("closed by the node, nothing sent").isEqualTo(-1);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(200))
                    .isLessThan(HANDSHAKE_TIMEOUT.plusSeconds(5));
        }
    }

    @Test
    void mutualTlsAdmitsOnlySendersWithATrustedCertificate() throws Exception {
        TestCertificates.Pair engine = TestCertificates.create(tmp, "hl7-engine");
        try (TestNode mutual = TestNode.start(tmp.resolve("mutual"), Map.of(
                "mllp.tls.enabled", "true",
                "mllp.tls.keystore", ward.keystore().toString(),
                "mllp.tls.keystore-password", TestCertificates.PASSWORD,
                "mllp.tls.client-auth", "required",
                "mllp.tls.truststore", engine.truststore().toString(),
                "mllp.tls.truststore-password", TestCertificates.PASSWORD))) {
            int port = mutual.node().mllpPort();
            try (MllpTestClient withCertificate = new MllpTestClient(
                    tlsSocket(ward.clientContext(engine.keystore()), port))) {
                assertThat(MllpTestClient.msa(withCertificate.exchange(message("MTLS-1")), 1)).isEqualTo("AA");
            }
            // TLS 1.3: the client's side of the handshake may complete before the node rejects it, so the
            // refusal shows as an exception or a closed connection on the first exchange; never as an ACK.
            assertThat(exchangeWithoutCertificate(port)).isNull();
        }
    }

    @Test
    void senderTrustingOnlyTheHospitalCaAcceptsTheCaSignedWardCertificate() throws Exception {
        TestCertificates.Pair signed = TestCertificates.createSignedByCa(tmp, "ward-ca-signed");
        try (TestNode production = TestNode.start(tmp.resolve("ca-signed"), Map.of(
                "mllp.tls.enabled", "true",
                "mllp.tls.keystore", signed.keystore().toString(),
                "mllp.tls.keystore-password", TestCertificates.PASSWORD));
             MllpTestClient client = new MllpTestClient(tlsSocket(signed.clientContext(),
                     production.node().mllpPort()))) {
            assertThat(MllpTestClient.msa(client.exchange(message("CA-1")), 1)).isEqualTo("AA");
        }
    }

    private static String exchangeWithoutCertificate(int port) {
        try (MllpTestClient client = new MllpTestClient(tlsSocket(ward.clientContext(), port))) {
            client.send(message("MTLS-2"));
            return client.receive();
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** The answer, or null when the node closed (or reset) the connection. */
    private static String answerOrClosed(MllpTestClient client) {
        try {
            return client.receive();
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private static long handshakeFailures() {
        String metrics = node.api().get("/observe/metrics", null).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("holdfast_tls_handshake_failures_total{listener=\"mllp\"} ")) {
                return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no holdfast_tls_handshake_failures_total in\n" + metrics);
    }

    private static Socket tlsSocket(SSLContext context, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static int port() {
        return node.node().mllpPort();
    }

    private static byte[] message(String controlId) {
        return ("MSH|^~\\&|TLSAPP|GENHOSP|HOLDFAST|EDGE|20261123080000||ADT^A08|" + controlId + "|P|2.5\r"
                + "PID|1||PAT-TLS\rPV1|1|I|ICU^^2\r").getBytes(StandardCharsets.US_ASCII);
    }
}
