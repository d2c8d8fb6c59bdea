package holdfast.edge.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The append-only audit trail. Implementations are thread-safe. */
public interface AuditLog {

    /** Appends inside the caller's transaction: the row commits (durably) with the action it records. */
    void append(Connection tx, AuditEntry entry) throws SQLException;

    /** Appends in a transaction of its own, forced to disk before returning. */
    void append(AuditEntry entry);

    /** Rows with {@code from <= at < to}, oldest first, at most {@code limit}. */
    default List<AuditEntry> between(Instant from, Instant to, int limit) {
        return page(0, from, to, limit);
    }

    /** Rows with an id above {@code afterId} and {@code from <= at < to}, in id order, at most {@code limit}. */
    List<AuditEntry> page(long afterId, Instant from, Instant to, int limit);

    /** Walks the whole chain from the first row and reports the first altered, inserted or missing row. */
    AuditVerification verify();
}
