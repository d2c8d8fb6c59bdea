package holdfast.shared.api;

import java.time.Instant;

/**
 * One of the node's alerts about itself as {@code GET /api/v1/operator-alerts} lists it: status {@code open} or
 * {@code cleared}, the cause in plain words, the runbook page (in docs/runbooks) that helps.
 */
public record OperatorAlertItem(long id, String condition, String cause, String runbook, String status,
                                Instant raisedAt, Instant clearedAt, String acknowledgedBy, Instant acknowledgedAt) {
}
