package holdfast.edge.lanes;

import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

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
 * @param messageTypes HL7 message types, each a message code ({@code ORU}) or code and trigger
 *                     ({@code ADT^A01}); the event's type must match one; empty for any
 * @param flags        HL7 abnormal flags (OBX-8); some observation must carry one of them; empty for any
 * @param priorities   HL7 order priorities ({@code S} = STAT); the event's must be one of them; empty for any
 */
record LaneRule(String name, EventKind kind, String channel, String devicePrefix, String code,
                       Double below, Double above, Lane lane, List<String> messageTypes, Set<String> flags,
                       Set<String> priorities) {

    public LaneRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lane, "lane");
        if ((below != null || above != null) && code == null) {
            throw new IllegalArgumentException("rule '" + name + "': below/above need a code");
        }
        messageTypes = messageTypes == null ? List.of()
                : messageTypes.stream().map(t -> t.trim().toUpperCase(Locale.ROOT)).toList();
        flags = flags == null ? Set.of() : Set.copyOf(flags);
        priorities = priorities == null ? Set.of() : Set.copyOf(priorities);
    }

    /** A rule without HL7 conditions. */
    public LaneRule(String name, EventKind kind, String channel, String devicePrefix, String code,
                    Double below, Double above, Lane lane) {
        this(name, kind, channel, devicePrefix, code, below, above, lane, List.of(), Set.of(), Set.of());
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
        if (!hl7ConditionsHold(candidate)) {
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

    private boolean hl7ConditionsHold(LaneCandidate candidate) {
        if (!messageTypes.isEmpty()) {
            String type = candidate.messageType();
            if (type == null) {
                return false;
            }
            String upper = type.toUpperCase(Locale.ROOT);
            String code = upper.split("\\^", 2)[0];
            if (messageTypes.stream().noneMatch(t -> t.contains("^") ? upper.startsWith(t) : t.equals(code))) {
                return false;
            }
        }
        if (!flags.isEmpty() && candidate.flags().stream().noneMatch(flags::contains)) {
            return false;
        }
        return priorities.isEmpty() || candidate.orderPriority() != null
                && priorities.contains(candidate.orderPriority());
    }
}
