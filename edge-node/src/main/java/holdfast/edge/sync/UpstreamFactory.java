package holdfast.edge.sync;

import holdfast.shared.envelope.Lane;
import io.helidon.faulttolerance.CircuitBreaker;

/**
 * Opens each lane's own {@link Upstream} for a sink other than the HTTP batch protocol (chosen by the scheme of
 * {@code upstream.url}); {@code breaker} is the node's one circuit breaker, which every lane's sends go through.
 * Implementations are thread-safe.
 */
public interface UpstreamFactory {

    Upstream open(Lane lane, CircuitBreaker breaker);

    /**
     * The link probe's own upstream: it only asks whether the platform is there ({@link Upstream#probe()}) and
     * must not take any lane's identity (a transactional producer of a lane's id would fence that lane's).
     */
    Upstream openProbe(CircuitBreaker breaker);
}
