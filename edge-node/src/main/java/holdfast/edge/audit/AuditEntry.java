package holdfast.edge.audit;

import java.time.Instant;

/**
 * One audited action. {@code actorId} is the caller's token id (null for the node itself), {@code actor} its
 * name; {@code target} names what was acted on (e.g. {@code reconciliation:42}, {@code lane:batch}).
 * {@code at} is filled in by the log when null.
 */
public record AuditEntry(long id, Instant at, String actorId, String actor, String action, String target,
                         String reason) {

    /** An entry to append: the log assigns id and time. */
    public static AuditEntry of(String actorId, String actor, String action, String target, String reason) {
        return new AuditEntry(0, null, actorId, actor, action, target, reason);
    }
}
