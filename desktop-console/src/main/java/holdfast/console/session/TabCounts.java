package holdfast.console.session;

import holdfast.shared.api.Attention;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.NodeStatus;
import java.util.Locale;

/**
 * A screen's tab title with its count, from the node's status: {@code Alerts (27)}, {@code Devices (2 silent)}.
 * Never a bare title: a node not reached yet says so, and the last known count of a node that stopped answering
 * is marked stale. Pure.
 */
public final class TabCounts {

    private TabCounts() {
    }

    /**
     * @param status    the node's last status, null when it has never answered
     * @param reachable whether it answers now
     */
    public static String title(String screen, NodeStatus status, boolean reachable) {
        if (status == null) {
            return screen + " (not reached)";
        }
        String count = count(screen, status);
        return screen + " (" + count + (reachable ? "" : ", stale") + ")";
    }

    private static String count(String screen, NodeStatus s) {
        Attention a = s.attention() == null ? Attention.NONE : s.attention();
        return switch (screen) {
            case "Lanes" -> n(s.lanes().stream().mapToLong(LaneStatus::backlog).sum()) + " waiting";
            case "Alerts" -> n(a.alertsOpen()) + (a.alertsEscalated() > 0 ? ", " + n(a.alertsEscalated())
                    + " escalated" : "");
            case "Devices" -> (a.devicesSilent() == 0 ? "none" : n(a.devicesSilent())) + " silent"
                    + (a.devicesLate() > 0 ? ", " + n(a.devicesLate()) + " late" : "");
            case "Senders" -> (a.sendersSilent() == 0 ? "none" : n(a.sendersSilent())) + " silent";
            case "Operator alerts" -> n(a.operatorAlertsOpen()) + " open";
            case "Reconciliations" -> n(s.reconciliations() == null ? 0 : s.reconciliations().open());
            case "Dead letters" -> n(s.deadLetters() == null ? 0 : s.deadLetters().open());
            default -> "?";
        };
    }

    private static String n(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }
}
