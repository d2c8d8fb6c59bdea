package holdfast.shared.api;

import java.time.Instant;

/**
 * The node's HL7 MLLP listener, an extension of {@code GET /api/v1/status}. {@code state} is {@code LISTENING},
 * {@code SATURATED} (every connection slot is taken: new senders are turned away), {@code FAILING} (messages keep
 * meeting an internal error: each is kept as a dead letter and answered, but none is journaled),
 * {@code STOPPED}, or {@code DISABLED} (health detail only, when {@code mllp.enabled} is false). Counts are since start: {@code refusedConnections} closed at once at the global or per-peer
 * limit, {@code firstFrameTimeouts} closed because no whole frame arrived in time, {@code handlerFailures}
 * messages that met an internal error ({@code lastFailureAt} the latest, null if none).
 */
public record Hl7Status(String state, int connections, int maxConnections, int maxConnectionsPerPeer,
                        long refusedConnections, long firstFrameTimeouts, long handlerFailures,
                        Instant lastFailureAt) {
}
