package holdfast.shared.api;

/** The node's operating mode (contract §4). */
public enum NodeMode {
    /** Upstream reachable, backlog draining. */
    ONLINE,
    /** Upstream unreachable or refusing: buffering locally. */
    DEGRADED,
    /** No upstream configured. */
    LOCAL_ONLY,
    /** Disk or journal limits reached: some lanes refuse new events. */
    BACKPRESSURE
}
