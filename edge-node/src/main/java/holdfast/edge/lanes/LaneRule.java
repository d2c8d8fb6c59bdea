package holdfast.edge.lanes;

import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import java.util.Objects;

/**
 * One row of the lane table. Every condition that is set must hold for the rule to match; {@code below} and
 * {@code above} match an observation of {@code code} whose value is strictly below or above the limit (either
 * suffices when both are set).
 *
 * @param name         shown in logs and status, so an operator can tell why an event went where it did
 * @param kind         event kind, or null for any
 * @param channel      source channel ({@code mqtt}, {@code http}, {@code hl7}), or null for any
 * @param devicePrefix device ids starting with this, or null for any
 * @param code         observation code the thresholds apply to, or null
 * @param below        value limit, or null
 * @param above        value limit, or null
 * @param lane         where a matching event goes
 */
public record LaneRule(String name, EventKind kind, String channel, String devicePrefix, String code,
                       Double below, Double above, Lane lane) {

    public LaneRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lane, "lane");
        if ((below != null || above != null) && code == null) {
            throw new IllegalArgumentException("rule '" + name + "': below/above need a code");
        }
    }

    boolean matches(LaneCandidate candidate) {
        if (kind != null && kind != candidate.kind()) {
            return false;
        }
        if (channel != null && !channel.equals(candidate.channel())) {
            return false;
        }
        if (devicePrefix != null && (candidate.deviceId() == null || !candidate.deviceId().startsWith(devicePrefix))) {
            return false;
        }
        if (code == null) {
            return true;
        }
        return candidate.observations().stream()
                .filter(o -> code.equals(o.code()))
                .anyMatch(o -> below == null && above == null
                        || below != null && o.value() < below
                        || above != null && o.value() > above);
    }
}
