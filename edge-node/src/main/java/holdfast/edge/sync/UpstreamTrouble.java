package holdfast.edge.sync;

/**
 * Why the cloud is not taking events, as {@code GET /api/v1/status} names it in {@code upstream.trouble}: an
 * operator acts differently on each (wait for the network, wait for the cloud's own "retry after", call the
 * cloud's team, fix the token).
 */
public enum UpstreamTrouble {
    /** No answer at all: connection refused or dropped, timeout, DNS, an open circuit breaker. */
    UNREACHABLE,
    /** The cloud answered 429 or 503: busy, come back later (after its Retry-After when it gave one). */
    BUSY,
    /** The cloud answers, but with errors for our batches (other 5xx, an unexpected status, a bad body). */
    FAILING,
    /** The cloud refused this node's credentials (401/403): sending stopped until a retry. */
    UNAUTHORIZED;

    /** True when the link counts as lost: a short probe looks for its return and every lane waits for it. */
    boolean lost() {
        return this != FAILING;
    }
}
