package holdfast.edge.watch;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.audit.AuditVerification;
import holdfast.edge.config.ConfigLoader;
import holdfast.shared.api.CanaryStatus;
import holdfast.shared.api.CanaryStatus.CanaryPath;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NodeChecksTest {

    private static final Instant NOW = Instant.parse("2031-03-10T12:00:00Z");
    private final OpsSettings ops = OpsSettings.from(ConfigLoader.load(null, Map.of(), Map.of()).get("ops"));
    private final AtomicReference<Optional<Duration>> skew = new AtomicReference<>(Optional.empty());

    @Test
    void aCertificateWithinTheExpiryWindowIsNamedAndOneBeyondItIsNot() {
        Check tls = check("tls-certificate-expiring", Map.of("http.tls", NOW.plus(Duration.ofDays(31)),
                "mllp.tls", NOW.plus(Duration.ofDays(12))));
        assertThat(tls.runbook()).isEqualTo("certificate-renewal.md");
        assertThat(tls.cause(sample(null), NOW)).hasValueSatisfying(cause -> assertThat(cause)
                .contains("mllp.tls expires on 2031-03-22 (12 days)").doesNotContain("http.tls"));
        assertThat(tls.cause(sample(null), NOW.minus(Duration.ofDays(2)))).as("14 days before").isPresent();
        assertThat(check("tls-certificate-expiring", Map.of("http.tls", NOW.plus(Duration.ofDays(31))))
                .cause(sample(null), NOW)).isEmpty();
        assertThat(check("tls-certificate-expiring", Map.of("http.tls", NOW.minus(Duration.ofDays(1))))
                .cause(sample(null), NOW)).hasValueSatisfying(c -> assertThat(c).contains("http.tls expired on"));
    }

    @Test
    void clockSkewBeyondTheLimitEitherWayIsRaisedAndWithinItIsNot() {
        Check clock = check("clock-skew", Map.of());
        assertThat(clock.cause(sample(null), NOW)).as("not measured yet").isEmpty();
        skew.set(Optional.of(Duration.ofSeconds(30)));
        assertThat(clock.cause(sample(null), NOW)).as("at the limit").isEmpty();
        skew.set(Optional.of(Duration.ofSeconds(95)));
        assertThat(clock.cause(sample(null), NOW)).hasValueSatisfying(c -> assertThat(c).contains("95 s behind"));
        skew.set(Optional.of(Duration.ofSeconds(-31)));
        assertThat(clock.cause(sample(null), NOW)).hasValueSatisfying(c -> assertThat(c).contains("31 s ahead of"));
        assertThat(clock.holdFor()).isEqualTo(ops.minDuration());
    }

    @Test
    void aCanaryWaitingLongerThanAllowedIsNamedByPath() {
        Check canary = check("canary-not-accepted", Map.of());
        CanaryPath fresh = new CanaryPath(3L, 40L, NOW, NOW, NOW, NOW.minusSeconds(299), null);
        CanaryPath stale = new CanaryPath(3L, 40L, NOW, NOW, NOW.minusSeconds(400), NOW.minusSeconds(301), null);
        CanaryPath proven = new CanaryPath(3L, 40L, NOW, NOW, NOW, null, null);

        assertThat(canary.cause(sample(new CanaryStatus(NOW, 300, Map.of("http", fresh, "hl7", proven))), NOW))
                .isEmpty();
        assertThat(canary.cause(sample(new CanaryStatus(NOW, 300, Map.of("http", fresh, "mqtt", stale))), NOW))
                .hasValue("no canary sent through mqtt was accepted by the cloud within 300 s");
        assertThat(canary.cause(sample(null), NOW)).as("canary off").isEmpty();
    }

    private Check check(String condition, Map<String, Instant> certificates) {
        return NodeChecks.all(ops, () -> 0, () -> new AuditVerification(true, 0, null, null), certificates, skew::get)
                .stream().filter(c -> c.condition().equals(condition)).findFirst().orElseThrow();
    }

    private static NodeSample sample(CanaryStatus canary) {
        return new NodeSample(new NodeStatus("edge-1", NodeMode.ONLINE, NOW, null, null, List.of(), null, null, 0,
                null, List.of(), null, List.of(), null, canary), List.of());
    }
}
