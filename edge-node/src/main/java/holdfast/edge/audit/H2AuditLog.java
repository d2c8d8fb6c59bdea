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
    public List<AuditEntry> between(Instant from, Instant to, int limit) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT * FROM audit_log WHERE at >= ? AND at < ? ORDER BY id LIMIT ?")) {
            s.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            s.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            s.setInt(3, limit);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                            rs.getString("actor_id"), rs.getString("actor"), rs.getString("action"),
                            rs.getString("target"), rs.getString("reason")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new HoldfastException("cannot read the audit trail", e);
        }
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
