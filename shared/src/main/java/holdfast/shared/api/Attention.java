package holdfast.shared.api;

/**
 * What needs a person on the node besides reconciliations and dead letters, for a banner that never says "all
 * well" while work waits: open clinical alerts (and how many escalated past level 1), open operator alerts, and
 * devices gone silent or late, and HL7 senders gone silent at an hour they normally send ({@code sendersSilent}, 0
 * from a node that does not say). An extension of {@code GET /api/v1/status}.
 */
public record Attention(long alertsOpen, long alertsEscalated, long operatorAlertsOpen, long devicesSilent,
                        long devicesLate, long sendersSilent) {

    public static final Attention NONE = new Attention(0, 0, 0, 0, 0, 0);

    /** Without HL7 senders (none silent). */
    public Attention(long alertsOpen, long alertsEscalated, long operatorAlertsOpen, long devicesSilent,
                     long devicesLate) {
        this(alertsOpen, alertsEscalated, operatorAlertsOpen, devicesSilent, devicesLate, 0);
    }
}
