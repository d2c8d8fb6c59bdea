package holdfast.console.fleet;

import holdfast.console.format.Shown;
import holdfast.shared.api.Attention;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import java.util.List;

/**
 * The worst thing open on a node, in words, with its severity: escalated alerts, then lanes refusing events, an
 * old critical backlog while the cloud is reachable, silent devices and senders (named before the operator alert
 * they raise), operator alerts, open alerts,
 * reconciliations and dead letters, then the mode itself. Pure.
 *
 * @param severity {@code ALERT}, {@code WARNING} or {@code OK}
 */
public record NodeHealth(String severity, String worst) {

    /** A critical event waiting longer than this while the cloud answers is news. */
    static final long CRITICAL_BACKLOG_AGE_MS = 60_000;

    public static NodeHealth of(NodeStatus s) {
        Attention a = s.attention() == null ? Attention.NONE : s.attention();
        if (a.alertsEscalated() > 0) {
            return new NodeHealth("ALERT", Shown.count(a.alertsEscalated(), "escalated alert"));
        }
        List<String> refusing = s.lanes().stream().filter(l -> !l.accepting()).map(LaneStatus::name).toList();
        if (!refusing.isEmpty() || s.mode() == NodeMode.BACKPRESSURE) {
            return new NodeHealth("ALERT", "refusing new events" + (refusing.isEmpty() ? ""
                    : " on " + String.join(", ", refusing)));
        }
        boolean linkUp = s.mode() == NodeMode.ONLINE || s.mode() == NodeMode.DRAINING;
        LaneStatus critical = s.lanes().stream().filter(l -> "critical".equals(l.name())).findFirst().orElse(null);
        if (linkUp && critical != null && critical.backlog() > 0
                && critical.oldestBacklogAgeMs() > CRITICAL_BACKLOG_AGE_MS) {
            return new NodeHealth("ALERT", "critical backlog " + Shown.count(critical.backlog(), "event")
                    + ", oldest " + critical.oldestBacklogAgeMs() / 1000 + " s");
        }
        if (a.devicesSilent() > 0) {
            return new NodeHealth("WARNING", Shown.count(a.devicesSilent(), "silent device"));
        }
        if (a.sendersSilent() > 0) {
            return new NodeHealth("WARNING", Shown.count(a.sendersSilent(), "silent HL7 sender"));
        }
        if (a.operatorAlertsOpen() > 0) {
            return new NodeHealth("WARNING", Shown.count(a.operatorAlertsOpen(), "operator alert"));
        }
        if (a.alertsOpen() > 0) {
            return new NodeHealth("WARNING", Shown.count(a.alertsOpen(), "open alert"));
        }
        long reconciliations = s.reconciliations() == null ? 0 : s.reconciliations().open();
        if (reconciliations > 0) {
            return new NodeHealth("WARNING", Shown.count(reconciliations, "reconciliation"));
        }
        long deadLetters = s.deadLetters() == null ? 0 : s.deadLetters().open();
        if (deadLetters > 0) {
            return new NodeHealth("WARNING", Shown.count(deadLetters, "dead letter"));
        }
        return switch (s.mode()) {
            case ONLINE, LOCAL_ONLY -> new NodeHealth("OK", "nothing waiting");
            case DRAINING -> new NodeHealth("WARNING", "sending the outage's backlog");
            case DEGRADED -> new NodeHealth("WARNING", "cloud unreachable: "
                    + Shown.count(s.lanes().stream().mapToLong(LaneStatus::backlog).sum(), "event") + " buffered");
            default -> new NodeHealth("WARNING", "mode unknown to this console");
        };
    }

    /** The mode in words. */
    public static String mode(NodeMode mode) {
        return switch (mode) {
            case ONLINE -> "Online";
            case DRAINING -> "Draining";
            case DEGRADED -> "Degraded (cloud unreachable)";
            case LOCAL_ONLY -> "Local only";
            case BACKPRESSURE -> "Refusing events";
            case UNKNOWN -> "Unknown mode";
        };
    }
}
