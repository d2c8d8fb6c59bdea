package holdfast.edge.sync.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import holdfast.edge.config.ConfigLoader;
import holdfast.edge.support.MutableClock;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a token endpoint on loopback that answers as an OAuth2 server does. */
class ClientCredentialsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger issued = new AtomicInteger();
    private final List<String> forms = new ArrayList<>();
    private volatile int status = 200;
    private HttpServer idp;

    @BeforeEach
    void startIdp() throws Exception {
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/token", ex -> {
            forms.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"access_token\":\"tok-" + issued.incrementAndGet()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        idp.start();
    }

    @AfterEach
    void stopIdp() {
        idp.stop(0);
    }

    private ClientCredentials credentials() {
        FhirSettings s = FhirSettings.from(ConfigLoader.load(null, Map.of("HOLDFAST_UPSTREAM_URL",
                "fhir+http://127.0.0.1:1/fhir"), Map.of("upstream.fhir.auth", "client-credentials",
                "upstream.fhir.token-url", "http://127.0.0.1:" + idp.getAddress().getPort() + "/token",
                "upstream.fhir.client-id", "edge-1", "upstream.fhir.client-secret", "s&cret",
                "upstream.fhir.scope", "system/*.write")));
        return new ClientCredentials(s, HttpClient.newHttpClient(), new ObjectMapper(), clock, Duration.ofSeconds(5));
    }

    @Test
    void oneTokenServesUntilShortlyBeforeItExpires() throws Exception {
        ClientCredentials c = credentials();
        assertThat(c.authorization()).isEqualTo("Bearer tok-1");
        assertThat(forms.get(0)).contains("grant_type=client_credentials", "client_id=edge-1",
                "client_secret=s%26cret", "scope=system%2F*.write");
        clock.advance(Duration.ofSeconds(260));
        assertThat(c.authorization()).isEqualTo("Bearer tok-1");
        clock.advance(Duration.ofSeconds(15));
        assertThat(c.authorization()).as("renewed 30 s before expiry").isEqualTo("Bearer tok-2");
    }

    @Test
    void aRejectedTokenIsRenewedOnDemand() throws Exception {
        ClientCredentials c = credentials();
        assertThat(c.authorization()).isEqualTo("Bearer tok-1");
        assertThat(c.renew()).isTrue();
        assertThat(c.authorization()).isEqualTo("Bearer tok-2");
    }

    @Test
    void refusedClientCredentialsAreNotRetriedAsAnOutage() {
        status = 401;
        assertThatThrownBy(() -> credentials().authorization()).isInstanceOf(FhirCredentials.Refused.class)
                .hasMessageContaining("refused the client credentials");
    }
}
