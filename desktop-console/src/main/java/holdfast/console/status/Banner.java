package holdfast.console.status;

import holdfast.shared.api.Attention;
import holdfast.shared.api.BreakGlassItem;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.api.UpstreamStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * What the mode banner says, in plain words, with a severity that the view shows as colour, icon and text
 * together (never colour alone). Pure: the same status always gives the same banner.
 *
 * @param severity {@code OK}, {@code INFO}, {@code WARNING}, {@code ALERT} or {@code UNREACHABLE}
 */
public record Banner(String severity, String icon, String text) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /**
     * @param drainRate events per second the node has been seen syncing at (0 when not known yet)
     */
    public static Banner of(NodeStatus status, double drainRate, ZoneId zone) {
        Banner mode = withOpenWork(ofMode(status, drainRate, zone), status);
        if (status.breakGlass().isEmpty()) {
            return mode;
        }
        // Someone is acting as admin by break-glass: every screen says who, until when and why.
        StringBuilder text = new StringBuilder(mode.text());
        for (BreakGlassItem b : status.breakGlass()) {
            text.append(" \u2014 BREAK-GLASS: ").append(b.actor()).append(" acts as admin until ")
                    .append(TIME.format(b.expiresAt().atZone(zone))).append(" (").append(b.reason()).append(')');
        }
        String severity = mode.severity().equals("OK") || mode.severity().equals("INFO") ? "WARNING" : mode.severity();
        return new Banner(severity, mode.icon(), text.toString());
    }

    private static Banner ofMode(NodeStatus status, double drainRate, ZoneId zone) {
        long backlog = status.lanes().stream().mapToLong(LaneStatus::backlog).sum();
        String since = status.modeSince() == null ? "" : " since " + TIME.format(status.modeSince().atZone(zone));
        return switch (status.mode()) {
            case ONLINE -> new Banner("OK", "\u2714", "Online" + since + " \u2014 syncing to the cloud"
                    + (backlog > 0 ? ", " + events(backlog) + " waiting" : openWork(status).isEmpty()
                    ? ", nothing waiting" : ", nothing waiting to sync"));
            // Not all well yet: the cloud is back but the outage's backlog is still on its way.
            case DRAINING -> new Banner("WARNING", "\u27F3", "Draining" + since + " \u2014 cloud back, sending the "
                    + "backlog, critical first" + perLane(status) + cause(status, "critical first"));
            case DEGRADED -> new Banner("WARNING", "\u26A0", trouble(status.upstream()) + since + " \u2014 "
                    + events(backlog) + " buffered" + estimate(backlog, drainRate) + detail(status));
            case LOCAL_ONLY -> new Banner("INFO", "\u2139", "Local only \u2014 no cloud configured; "
                    + events(backlog) + " kept on this node");
            case BACKPRESSURE -> new Banner("ALERT", "\u26D4", "Refusing new events" + since + cause(status, null));
            // A mode from a newer node: never shown as all well.
            case UNKNOWN -> new Banner("WARNING", "?", "Mode unknown to this console" + since
                    + " \u2014 treat as not all well" + cause(status, null));
        };
    }

    /**
     * Whatever needs a person, worst first, after the mode: escalated and open alerts, the node's own alerts,
     * reconciliations, dead letters, silent devices and HL7 senders. Any of it makes the banner at least a warning (an escalated
     * alert an alert): "nothing waiting" is said only when all are zero.
     */
    private static Banner withOpenWork(Banner mode, NodeStatus status) {
        String work = openWork(status);
        if (work.isEmpty()) {
            return mode;
        }
        String severity = status.attention().alertsEscalated() > 0 ? "ALERT"
                : mode.severity().equals("OK") || mode.severity().equals("INFO") ? "WARNING" : mode.severity();
        if (mode.severity().equals("ALERT") || mode.severity().equals("UNREACHABLE")) {
            severity = mode.severity();
        }
        return new Banner(severity, severity.equals(mode.severity()) ? mode.icon() : "\u26A0",
                mode.text() + " \u2014 needs a person: " + work);
    }

    private static String openWork(NodeStatus status) {
        Attention a = status.attention();
        java.util.List<String> items = new java.util.ArrayList<>();
        if (a.alertsOpen() > 0) {
            items.add(count(a.alertsOpen(), "open alert") + (a.alertsEscalated() > 0
                    ? " (" + a.alertsEscalated() + " escalated)" : ""));
        }
        if (a.operatorAlertsOpen() > 0) {
            items.add(count(a.operatorAlertsOpen(), "operator alert"));
        }
        long reconciliations = status.reconciliations() == null ? 0 : status.reconciliations().open();
        if (reconciliations > 0) {
            items.add(count(reconciliations, "reconciliation"));
        }
        long deadLetters = status.deadLetters() == null ? 0 : status.deadLetters().open();
        if (deadLetters > 0) {
            items.add(count(deadLetters, "dead letter"));
        }
        if (a.devicesSilent() > 0) {
            items.add(count(a.devicesSilent(), "silent device"));
        }
        if (a.sendersSilent() > 0) {
            items.add(count(a.sendersSilent(), "silent HL7 sender"));
        }
        return String.join(", ", items);
    }

    private static String count(long n, String what) {
        return String.format("%,d %s%s", n, what, n == 1 ? "" : "s");
    }

    /** What the cloud is doing, in the operator's words: busy and unreachable call for different patience. */
    private static String trouble(UpstreamStatus up) {
        String trouble = up == null ? null : up.trouble();
        if ("BUSY".equals(trouble)) {
            return "Cloud busy" + (up.retryAfterSeconds() != null ? " (retry after " + up.retryAfterSeconds() + " s)"
                    : "");
        }
        if ("FAILING".equals(trouble)) {
            return "Cloud answering with errors";
        }
        if ("UNAUTHORIZED".equals(trouble) || up != null && "UNAUTHORIZED".equals(up.state())) {
            return "Cloud refuses this node's credentials";
        }
        return "Cloud unreachable";
    }

    /** The link's own last error (the headline already says what kind of trouble), else the node's cause. */
    private static String detail(NodeStatus status) {
        UpstreamStatus up = status.upstream();
        if (up != null && up.lastError() != null) {
            return " (" + up.lastError() + ")";
        }
        return cause(status, null);
    }

    /** Each lane with a backlog, and when it should be sent at the present rate. */
    private static String perLane(NodeStatus status) {
        StringBuilder text = new StringBuilder();
        for (LaneStatus lane : status.lanes()) {
            if (lane.backlog() == 0) {
                continue;
            }
            text.append(text.isEmpty() ? ": " : ", ").append(lane.name()).append(' ').append(events(lane.backlog()));
            if (lane.drainEtaMs() != null) {
                text.append(" (~").append(duration(lane.drainEtaMs())).append(')');
            }
        }
        return text.toString();
    }

    private static String duration(long ms) {
        long seconds = Math.max(1, Math.round(ms / 1000.0));
        return seconds < 120 ? seconds + " s" : (seconds / 60) + " min";
    }

    /** The node itself does not answer: distinct from a node that answers DEGRADED. */
    public static Banner unreachable(String nodeName, String url, Instant since, ZoneId zone, String error) {
        return new Banner("UNREACHABLE", "\u2716", "Cannot reach " + nodeName + " at " + url
                + (since == null ? "" : " since " + TIME.format(since.atZone(zone))) + " (" + error + ")"
                + " \u2014 check that the node is running and the URL is right; showing the last known state.");
    }

    private static String events(long n) {
        return String.format("%,d event%s", n, n == 1 ? "" : "s");
    }

    private static String estimate(long backlog, double drainRate) {
        if (backlog == 0 || drainRate <= 0) {
            return "";
        }
        long seconds = Math.max(1, Math.round(backlog / drainRate));
        return ", estimated " + (seconds < 120 ? seconds + " s" : (seconds / 60) + " min") + " to drain after reconnect";
    }

    /** The node's cause in brackets, unless the banner already says it ({@code unlessContains}). */
    private static String cause(NodeStatus status, String unlessContains) {
        String cause = status.modeCause();
        if (cause == null || unlessContains != null && cause.contains(unlessContains)) {
            return "";
        }
        return " (" + cause + ")";
    }
}
