package holdfast.edge.audit;

import java.time.Instant;

/**
 * One audited action. {@code actorId} is the caller's token id (null for the node itself), {@code actor} its
 * name; {@code target} names what was acted on (e.g. {@code reconciliation:42}, {@code lane:batch}).
 * {@code at} is filled in by the log when null. {@code prevHash} and {@code hash} are the row's links in the
 * hash chain; null on an entry that is yet to be appended.
 */
public record AuditEntry(long id, Instant at, String actorId, String actor, String action, String target,
                         String reason, String prevHash, String hash) {

    /** An entry to append: the log assigns id, time and hashes. */
    public static AuditEntry of(String actorId, String actor, String action, String target, String reason) {
        return new AuditEntry(0, null, actorId, actor, action, target, reason, null, null);
    }
}
