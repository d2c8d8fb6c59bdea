package holdfast.shared.api;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code GET /api/v1/status} (contract §4). {@code modeCause} and {@code diskFreeBytes} are
 * extensions: why the node is in its mode, in plain words, and the free space left under the data dir.
 */
public record NodeStatus(
        String nodeId,
        NodeMode mode,
        Instant modeSince,
        String modeCause,
        UpstreamStatus upstream,
        List<LaneStatus> lanes,
        OpenCount reconciliations,
        OpenCount deadLetters,
        long diskFreeBytes) {

    public NodeStatus {
        lanes = List.copyOf(lanes);
    }
}
