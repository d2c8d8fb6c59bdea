package holdfast.edge.watch;

import java.time.Instant;

/**
 * One episode of a condition: raised once, cleared once (status {@code open} or {@code cleared}), acknowledged by
 * a person or not. {@code cause} is in plain words; {@code runbook} is the page in docs/runbooks to open.
 */
record OperatorAlert(long id, String condition, String cause, String runbook, OperatorAlertStatus status,
                     Instant raisedAt, Instant clearedAt, String acknowledgedBy, Instant acknowledgedAt) {

    boolean open() {
        return status == OperatorAlertStatus.OPEN;
    }

    OperatorAlert cleared(Instant at) {
        return new OperatorAlert(id, condition, cause, runbook, OperatorAlertStatus.CLEARED, raisedAt, at, acknowledgedBy,
                acknowledgedAt);
    }

    OperatorAlert acknowledged(String by, Instant at) {
        return new OperatorAlert(id, condition, cause, runbook, status, raisedAt, clearedAt, by, at);
    }

    OperatorAlert withCause(String newCause) {
        return new OperatorAlert(id, condition, newCause, runbook, status, raisedAt, clearedAt, acknowledgedBy,
                acknowledgedAt);
    }

    OperatorAlert withId(long newId) {
        return new OperatorAlert(newId, condition, cause, runbook, status, raisedAt, clearedAt, acknowledgedBy,
                acknowledgedAt);
    }
}
