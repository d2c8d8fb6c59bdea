package holdfast.edge.senders;

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
 * {@code GET /api/v1/senders[?state=silent|never|ok]} (viewer and above): every HL7 sender heard from or
 * configured, worst state first, with the counts per state and the instant they were judged at. No patient
 * data: MSH-3/MSH-4 and counts only.
 */
final class SenderRoutes {

    private static final List<String> STATES = Arrays.stream(SenderState.values()).map(SenderState::wireName)
            .toList();

    private final SenderActivity senders;
    private final Problems problems;
    private final Clock clock;

    public SenderRoutes(SenderActivity senders, Problems problems, Clock clock) {
        this.senders = senders;
        this.problems = problems;
        this.clock = clock;
    }

    public Mount mount(Guard guard, Json json) {
        Mount.Builder routing = Mount.at("/api/v1/senders");
        routing.get("", guard.require(Permission.VIEW, (p, req, res) -> {
            Optional<String> state = req.query().first("state").asOptional().filter(s -> !s.isBlank());
            if (state.isPresent() && !STATES.contains(state.get())) {
                problems.badRequest(res, "'state' must be one of " + String.join(", ", STATES), null);
                return;
            }
            List<SenderSummary> all = senders.summaries();
            Map<String, Integer> counts = new LinkedHashMap<>();
            STATES.forEach(s -> counts.put(s, 0));
            all.forEach(s -> counts.merge(s.state(), 1, Integer::sum));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("asOf", clock.instant().toString());
            body.put("counts", counts);
            body.put("items", all.stream().filter(s -> state.isEmpty() || state.get().equals(s.state())).toList());
            json.send(res, 200, body);
        }));
        return routing.build();
    }
}
