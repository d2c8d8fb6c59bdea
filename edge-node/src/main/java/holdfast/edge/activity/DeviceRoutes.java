package holdfast.edge.activity;

import holdfast.edge.api.Guard;
import holdfast.edge.api.Json;
import holdfast.edge.api.Problems;
import holdfast.edge.api.Mount;
import holdfast.edge.security.Permission;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/devices[?ward=W][&state=silent|never-seen|late|ok]} (viewer and above): every device
 * registered or seen, worst state first, with the counts per state and the instant they were judged at. No
 * patient data: a device's ward and bed only.
 */
final class DeviceRoutes {

    private static final List<String> STATES = Arrays.stream(DeviceState.values()).map(DeviceState::wireName)
            .toList();

    private final DeviceActivity activity;
    private final Problems problems;
    private final Clock clock;

    public DeviceRoutes(DeviceActivity activity, Problems problems, Clock clock) {
        this.activity = activity;
        this.problems = problems;
        this.clock = clock;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/devices");
        routing.get("", guard.require(Permission.VIEW, (p, req, res) -> {
            Optional<String> ward = req.query().first("ward").asOptional().filter(w -> !w.isBlank());
            Optional<String> state = req.query().first("state").asOptional().filter(s -> !s.isBlank());
            if (state.isPresent() && !STATES.contains(state.get())) {
                problems.badRequest(res, "'state' must be one of " + String.join(", ", STATES), null);
                return;
            }
            List<DeviceSummary> all = activity.summaries();
            Map<String, Integer> counts = new LinkedHashMap<>();
            STATES.forEach(s -> counts.put(s, 0));
            all.forEach(d -> counts.merge(d.state(), 1, Integer::sum));
            List<DeviceSummary> items = all.stream()
                    .filter(d -> ward.isEmpty() || ward.get().equals(d.ward()))
                    .filter(d -> state.isEmpty() || state.get().equals(d.state()))
                    .toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("asOf", clock.instant().toString());
            body.put("counts", counts);
            body.put("items", items);
            json.send(res, 200, body);
        }));
        return routing.build();
    }
}
