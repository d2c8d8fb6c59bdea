package holdfast.edge.lanes;

import holdfast.shared.envelope.Lane;
import java.util.List;

/**
 * Chooses an event's lane: the most urgent lane among the rules that match, or the default lane when none
 * does; an explicit priority from the sender can then only raise it, never lower it. Immutable and
 * thread-safe.
 */
public final class LaneRules {

    private final Lane defaultLane;
    private final List<LaneRule> rules;

    public LaneRules(Lane defaultLane, List<LaneRule> rules) {
        this.defaultLane = defaultLane;
        this.rules = List.copyOf(rules);
    }

    public LaneDecision decide(LaneCandidate candidate) {
        Lane lane = null;
        String because = "default";
        for (LaneRule rule : rules) {
            if (rule.matches(candidate) && (lane == null || Lane.moreUrgent(rule.lane(), lane) != lane)) {
                lane = rule.lane();
                because = rule.name();
            }
        }
        if (lane == null) {
            lane = defaultLane;
        }
        Lane requested = candidate.requestedPriority();
        if (requested != null && Lane.moreUrgent(requested, lane) != lane) {
            return new LaneDecision(requested, "priority " + requested.wireName());
        }
        return new LaneDecision(lane, because);
    }

    public List<LaneRule> rules() {
        return rules;
    }

    /** The chosen lane and the name of the rule (or reason) that chose it. */
    public record LaneDecision(Lane lane, String because) {
    }
}
