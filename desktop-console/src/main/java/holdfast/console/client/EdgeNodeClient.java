package holdfast.console.client;

import holdfast.shared.api.CallerIdentity;
import holdfast.shared.api.DeadLetterItem;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.api.ReconciliationItem;
import java.util.List;

/**
 * What the console asks of one edge node. Every call blocks on the network: call it from a background
 * executor, never from the JavaFX thread. Implementations are thread-safe.
 */
public interface EdgeNodeClient {

    NodeStatus status();

    CallerIdentity whoAmI();

    List<DeadLetterItem> deadLetters(String status);

    List<ReconciliationItem> reconciliations(String status);

    List<holdfast.shared.api.AlertItem> alerts(String status);

    /** Acknowledges an open alert: its escalation stops. */
    void acknowledgeAlert(long id);

    /**
     * Acknowledges several open alerts with one reason, each audited on its own.
     *
     * @return how many were acknowledged (the others were no longer open)
     */
    int acknowledgeAlerts(List<Long> ids, String reason);

    /** Closes an open dead letter as discarded, with the reason kept for the audit trail. */
    void discardDeadLetter(long id, String reason);

    /** Feeds an open dead letter through its channel again, with the reason kept for the audit trail. */
    void reprocessDeadLetter(long id, String reason);

    /**
     * Follows the node's live status (Server-Sent Events, reconnecting by itself) until the returned handle is
     * closed. Does not block: the listener is called on the feed's own thread.
     */
    StatusSubscription watchStatus(StatusListener listener);

    /** Every device registered or seen, worst state first. */
    List<holdfast.shared.api.DeviceItem> devices();

    /** Every HL7 sender heard from or configured, worst state first. */
    List<holdfast.shared.api.SenderItem> senders();

    /** The node's alerts about itself: {@code open}, {@code cleared} or {@code all}. */
    List<holdfast.shared.api.OperatorAlertItem> operatorAlerts(String status);

    /** Records that a person has seen an operator alert, with their reason (kept in the audit trail). */
    void acknowledgeOperatorAlert(long id, String reason);

    /** Resolves a reconciliation; {@code patientId}/{@code encounterId} only for {@code reattribute}. */
    void resolve(long id, String action, String reason, String patientId, String encounterId);

    /** What each lane did per minute over the last {@code minutes} (1..1440), as the node keeps it. */
    holdfast.shared.api.LaneHistoryItem lanesHistory(int minutes);

    /** Open reconciliations grouped by cause, largest group first. */
    List<holdfast.shared.api.ReconciliationGroupItem> reconciliationGroups();

    /**
     * Resolves many reconciliations the same way with one reason, each audited on its own.
     *
     * @return how many were resolved (the others were gone, no longer open, or could not be journaled now)
     */
    int resolveAll(List<Long> ids, String action, String reason, String patientId, String encounterId);
}
