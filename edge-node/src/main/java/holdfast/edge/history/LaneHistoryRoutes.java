package holdfast.edge.history;

import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.Problems;
import holdfast.edge.api.Mount;
import holdfast.edge.security.Permission;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/lanes/history?minutes=N} (viewer or above; N from 1 to the kept hours, default 60): per
 * lane, one row per minute the node was up, oldest first, the current minute included.
 */
final class LaneHistoryRoutes {

    private final LaneHistory history;
    private final Problems problems;
    private final Clock clock;
    private final int maxMinutes;

    public LaneHistoryRoutes(LaneHistory history, Problems problems, Clock clock, LaneHistorySettings settings) {
        this.history = history;
        this.problems = problems;
        this.clock = clock;
        this.maxMinutes = (int) settings.keep().toMinutes();
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/lanes/history");
        routing.get("", guard.require(Permission.VIEW, (p, req, res) -> {
            int minutes;
            try {
                minutes = Integer.parseInt(req.query().first("minutes").orElse("60"));
            } catch (NumberFormatException e) {
                minutes = -1;
            }
            if (minutes < 1 || minutes > maxMinutes) {
                problems.badRequest(res, "minutes must be a whole number from 1 to " + maxMinutes, null);
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("minutes", minutes);
            body.put("asOf", clock.instant());
            body.put("lanes", history.last(minutes));
            json.send(res, 200, body);
        }));
        return routing.build();
    }
}
