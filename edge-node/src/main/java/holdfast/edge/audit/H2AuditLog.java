package holdfast.edge.audit;

import holdfast.edge.store.Database;
import holdfast.edge.store.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail in {@code audit_log}. Each row's {@code hash} is SHA-256 over the previous row's hash and this
 * row's fields; appenders first lock the single {@code audit_head} row, so concurrent transactions chain in
 * commit order. Thread-safe.
 */
public final class H2AuditLog implements AuditLog {

    /** The link before the first row (also the head of an empty trail, see migration V2). */
    static final String GENESIS = "0".repeat(64);

    private final Database database;
    private final Clock clock;

    public H2AuditLog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public void append(Connection tx, AuditEntry e) throws SQLException {
        // Millisecond precision: what the hash covers must read back exactly the same from the column.
        Instant at = (e.at() == null ? clock.instant() : e.at()).truncatedTo(ChronoUnit.MILLIS);
        Sql.update(tx, "UPDATE audit_head SET last_hash = last_hash WHERE id = 1");
        String prev = Sql.first(tx, "SELECT last_hash FROM audit_head WHERE id = 1", rs -> rs.getString(1))
                .orElseThrow(() -> new SQLException("the audit chain's head row is missing"));
        String hash = hash(prev, at, e);
        Sql.update(tx, "INSERT INTO audit_log (at, actor_id, actor, action, target, reason, prev_hash, hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", at, e.actorId(), e.actor(), e.action(), e.target(), e.reason(),
                prev, hash);
        Sql.update(tx, "UPDATE audit_head SET last_hash = ? WHERE id = 1", hash);
    }

    @Override
    public void append(AuditEntry entry) {
        database.transaction("cannot write the audit trail", c -> {
            append(c, entry);
            return null;
        });
    }

    @Override
    public List<AuditEntry> page(long afterId, Instant from, Instant to, int limit) {
        return database.read("cannot read the audit trail", c -> Sql.list(c,
                "SELECT * FROM audit_log WHERE id > ? AND at >= ? AND at < ? ORDER BY id LIMIT ?", H2AuditLog::row,
                afterId, from, to, limit));
    }

    @Override
    public AuditVerification verify() {
        return database.read("cannot read the audit trail", this::verify);
    }

    private AuditVerification verify(Connection c) throws SQLException {
        Optional<String> headRow = Sql.first(c, "SELECT last_hash FROM audit_head WHERE id = 1",
                rs -> rs.getString(1));
        if (headRow.isEmpty()) {
            return AuditVerification.broken(0, 0, "the chain's head row is missing");
        }
        String head = headRow.get();
        long rows = 0;
        long lastId = 0;
        String beforePrevious = null;
        String previous = GENESIS;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT * FROM audit_log ORDER BY id")) {
            while (rs.next()) {
                AuditEntry e = row(rs);
                if (!previous.equals(e.prevHash())) {
                    // A row whose predecessor is not linked in: that predecessor was inserted. Otherwise rows
                    // between the two are missing (or this one was inserted with a made-up link).
                    return e.prevHash().equals(beforePrevious)
                            ? AuditVerification.broken(rows - 1, lastId, "row " + lastId
                                    + " is not part of the chain: it was inserted")
                            : AuditVerification.broken(rows, e.id(), "row " + e.id()
                                    + " does not follow row " + lastId + ": rows were removed before it, "
                                    + "or it was inserted");
                }
                if (!hash(e.prevHash(), e.at(), e).equals(e.hash())) {
                    return AuditVerification.broken(rows, e.id(), "row " + e.id()
                            + " was altered: its content no longer matches its hash");
                }
                beforePrevious = previous;
                previous = e.hash();
                lastId = e.id();
                rows++;
            }
        }
        if (!previous.equals(head)) {
            return AuditVerification.broken(rows, lastId, "the chain's head does not match row " + lastId
                    + ": rows after it were removed, or it was added outside the node");
        }
        return AuditVerification.intact(rows);
    }

    private static AuditEntry row(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), Sql.instant(rs, "at"),
                rs.getString("actor_id"), rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                rs.getString("reason"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    /** SHA-256 hex over the previous hash and the row's fields, unit-separated (0x1F) so fields cannot shift. */
    static String hash(String prev, Instant at, AuditEntry e) {
        String text = String.join("\u001f", prev, at.toString(), String.valueOf(e.actorId()), e.actor(), e.action(),
                e.target(), String.valueOf(e.reason()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", impossible);
        }
    }
}
