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
}
