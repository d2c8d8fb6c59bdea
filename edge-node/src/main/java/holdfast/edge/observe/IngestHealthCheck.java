package holdfast.edge.observe;

import holdfast.edge.mode.ModeTracker;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Health is "the node accepts events": UP while at least the critical lane takes them. */
final class IngestHealthCheck implements HealthCheck {

    private final ModeTracker mode;

    public IngestHealthCheck(ModeTracker mode) {
        this.mode = mode;
    }

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        ModeTracker.Snapshot snapshot = mode.current();
        return HealthCheckResponse.builder()
                .status(mode.accepting())
                .detail("mode", snapshot.mode().name())
                .detail("since", snapshot.since().toString())
                .build();
    }
}
