package holdfast.edge.observe;

import holdfast.shared.api.Hl7Status;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.util.function.Supplier;

/**
 * The HL7 listener as health detail: its state ({@code SATURATED} when every slot is taken, {@code FAILING} when
 * messages keep meeting an internal error), connections and what it turned away. Always UP, like the MQTT check:
 * health means "the node accepts events" (contract §4), which it still does over MQTT and HTTP; the state is
 * here for a monitor to alert on.
 */
final class Hl7HealthCheck implements HealthCheck {

    private final Supplier<Hl7Status> status;

    public Hl7HealthCheck(Supplier<Hl7Status> status) {
        this.status = status;
    }

    @Override
    public String name() {
        return "hl7";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        Hl7Status s = status.get();
        HealthCheckResponse.Builder b = HealthCheckResponse.builder().status(true)
                .detail("state", s.state())
                .detail("connections", s.connections())
                .detail("maxConnections", s.maxConnections())
                .detail("refusedConnections", s.refusedConnections())
                .detail("firstFrameTimeouts", s.firstFrameTimeouts())
                .detail("handlerFailures", s.handlerFailures());
        if (s.lastFailureAt() != null) {
            b.detail("lastFailureAt", s.lastFailureAt().toString());
        }
        return b.build();
    }
}
