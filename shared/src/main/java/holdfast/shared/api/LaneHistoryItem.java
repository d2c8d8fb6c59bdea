package holdfast.shared.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/lanes/history?minutes=N}: per lane, one row per minute the node was up, oldest first, the
 * current minute included.
 */
public record LaneHistoryItem(int minutes, Instant asOf, Map<String, List<Minute>> lanes) {

    public LaneHistoryItem {
        lanes = lanes == null ? Map.of() : Map.copyOf(lanes);
    }

    /** What one lane did in one minute; backlog and oldest age as last seen in it. */
    public record Minute(Instant minute, long ingested, long synced, long backlog, long oldestUnsyncedAgeMs) {
    }
}
