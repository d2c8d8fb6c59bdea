package holdfast.edge.observe;

import holdfast.shared.api.MqttStatus;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.util.function.Supplier;

/**
 * The MQTT link as health detail. Always UP: a broker outage degrades device ingest, but the node still
 * accepts events over HTTP and HL7, and health means "accepts events" (contract §4).
 */
final class MqttHealthCheck implements HealthCheck {

    private final Supplier<MqttStatus> status;

    public MqttHealthCheck(Supplier<MqttStatus> status) {
        this.status = status;
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        MqttStatus s = status.get();
        HealthCheckResponse.Builder b = HealthCheckResponse.builder().status(true).detail("state", s.state());
        if (s.url() != null) {
            b.detail("url", s.url());
        }
        if (s.connectedSince() != null) {
            b.detail("connectedSince", s.connectedSince().toString());
        }
        if (s.lastError() != null) {
            b.detail("lastError", s.lastError());
        }
        return b.build();
    }
}
