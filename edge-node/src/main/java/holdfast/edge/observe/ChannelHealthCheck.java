package holdfast.edge.observe;

import holdfast.edge.ingest.ChannelFailures;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Channels whose handlers keep failing unexpectedly (see {@link ChannelFailures}): DOWN while one is failing,
 * because such a channel does not accept its senders' input even though the lanes would; the detail names
 * each channel that ever failed, with its count and the kind of its last failure.
 */
final class ChannelHealthCheck implements HealthCheck {

    private final ChannelFailures failures;

    public ChannelHealthCheck(ChannelFailures failures) {
        this.failures = failures;
    }

    @Override
    public String name() {
        return "channels";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse.Builder b = HealthCheckResponse.builder().status(true);
        for (ChannelFailures.State s : failures.states()) {
            if (s.failing()) {
                b.status(false);
            }
            b.detail(s.channel(), (s.failing() ? "FAILING" : "OK") + ", " + s.failures() + " failures, last "
                    + s.lastFailureAt() + " (" + s.lastError() + ")");
        }
        return b.build();
    }
}
