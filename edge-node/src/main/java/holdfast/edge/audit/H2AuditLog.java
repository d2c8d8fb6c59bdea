package holdfast.edge.audit;

import holdfast.edge.HoldfastException;
import holdfast.edge.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

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
        try (Statement lock = tx.createStatement()) {
            lock.executeUpdate("UPDATE audit_head SET last_hash = last_hash WHERE id = 1");
        }
        String prev;
        try (Statement s = tx.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT last_hash FROM audit_head WHERE id = 1")) {
            rs.next();
            prev = rs.getString(1);
        }
        String hash = hash(prev, at, e);
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO audit_log (at, actor_id, actor, action, target, "
                + "reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            s.setString(2, e.actorId());
            s.setString(3, e.actor());
            s.setString(4, e.action());
            s.setString(5, e.target());
            s.setString(6, e.reason());
            s.setString(7, prev);
            s.setString(8, hash);
            s.executeUpdate();
        }
        try (PreparedStatement s = tx.prepareStatement("UPDATE audit_head SET last_hash = ? WHERE id = 1")) {
            s.setString(1, hash);
            s.executeUpdate();
        }
    }

    @Override
    public void append(AuditEntry entry) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                append(c, entry);
                Database.commitDurably(c);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot write the audit trail", e);
        }
    }

    @Override
    public List<AuditEntry> page(long afterId, Instant from, Instant to, int limit) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT * FROM audit_log WHERE id > ? AND at >= ? AND at < ? ORDER BY id LIMIT ?")) {
            s.setLong(1, afterId);
            s.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            s.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            s.setInt(4, limit);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new HoldfastException("cannot read the audit trail", e);
        }
    }

    @Override
    public AuditVerification verify() {
        try (Connection c = database.connection()) {
            String head;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT last_hash FROM audit_head WHERE id = 1")) {
                if (!rs.next()) {
                    return AuditVerification.broken(0, 0, "the chain's head row is missing");
                }
                head = rs.getString(1);
            }
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
        } catch (SQLException e) {
            throw new HoldfastException("cannot read the audit trail", e);
        }
    }

    private static AuditEntry row(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
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
