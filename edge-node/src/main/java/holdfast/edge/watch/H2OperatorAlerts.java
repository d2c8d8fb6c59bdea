package holdfast.edge.watch;

import holdfast.edge.HoldfastException;
import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Operator alerts in the {@code operator_alert} table. Thread-safe (each call uses its own connection). */
final class H2OperatorAlerts {

    private static final String COLUMNS = "id, condition_id, cause, runbook, status, raised_at, cleared_at, "
            + "acknowledged_by, acknowledged_at";

    private final Database database;
    private final AuditLog audit;

    H2OperatorAlerts(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    OperatorAlert insert(OperatorAlert a) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("INSERT INTO operator_alert (condition_id, cause, runbook, "
                     + "status, raised_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            c.setAutoCommit(false);
            s.setString(1, a.condition());
            s.setString(2, a.cause());
            s.setString(3, a.runbook());
            s.setString(4, a.status());
            s.setObject(5, utc(a.raisedAt()));
            s.executeUpdate();
            long id;
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            Database.commitDurably(c);
            return a.withId(id);
        } catch (SQLException e) {
            throw new HoldfastException("cannot store operator alert " + a.condition(), e);
        }
    }

    void update(OperatorAlert a) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("UPDATE operator_alert SET cause = ?, status = ?, cleared_at = ? "
                     + "WHERE id = ?")) {
            c.setAutoCommit(false);
            s.setString(1, a.cause());
            s.setString(2, a.status());
            s.setObject(3, utc(a.clearedAt()));
            s.setLong(4, a.id());
            s.executeUpdate();
            Database.commitDurably(c);
        } catch (SQLException e) {
            throw new HoldfastException("cannot update operator alert " + a.id(), e);
        }
    }

    /** Records who acknowledged it, audited in the same durable transaction; false if it was acknowledged already. */
    boolean acknowledge(OperatorAlert a, String actorId, String reason) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("UPDATE operator_alert SET acknowledged_by = ?, "
                     + "acknowledged_at = ? WHERE id = ? AND acknowledged_by IS NULL")) {
            c.setAutoCommit(false);
            s.setString(1, a.acknowledgedBy());
            s.setObject(2, utc(a.acknowledgedAt()));
            s.setLong(3, a.id());
            if (s.executeUpdate() != 1) {
                c.rollback();
                return false;
            }
            audit.append(c, AuditEntry.of(actorId, a.acknowledgedBy(), "operator-alert.acknowledge",
                    "operator-alert:" + a.id(), reason == null ? a.condition() : a.condition() + ": " + reason));
            Database.commitDurably(c);
            return true;
        } catch (SQLException e) {
            throw new HoldfastException("cannot acknowledge operator alert " + a.id(), e);
        }
    }

    List<OperatorAlert> list(String status, int limit) {
        String where = "all".equals(status) ? "" : " WHERE status = ?";
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM operator_alert" + where
                     + " ORDER BY id DESC LIMIT ?")) {
            int i = 1;
            if (!where.isEmpty()) {
                s.setString(i++, status);
            }
            s.setInt(i, limit);
            List<OperatorAlert> alerts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    alerts.add(new OperatorAlert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), instant(rs, 6), instant(rs, 7), rs.getString(8), instant(rs, 9)));
                }
            }
            return alerts;
        } catch (SQLException e) {
            throw new HoldfastException("cannot list operator alerts", e);
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
