package holdfast.shared.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** The node's operating mode (contract §4). */
public enum NodeMode {
    /** Upstream reachable and nothing critical waiting. */
    ONLINE,
    /** Upstream reachable again after an outage, a backlog still being sent: critical first. */
    DRAINING,
    /** Upstream unreachable or refusing: buffering locally. */
    DEGRADED,
    /** No upstream configured. */
    LOCAL_ONLY,
    /** Disk or journal limits reached: some lanes refuse new events. */
    BACKPRESSURE,
    /**
     * A mode this client does not know (a newer node): never to be shown as all well. A node never sends it.
     */
    UNKNOWN;

    /** Reads a mode by name; one this version does not know becomes {@link #UNKNOWN} instead of an error. */
    @JsonCreator
    public static NodeMode parse(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
