package holdfast.edge.alerts;

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

/** Alerts in the {@code alert} table. Thread-safe (each call uses its own connection). */
final class H2Alerts {

    private static final String COLUMNS = "id, rule, ward, bed, device_id, patient_id, code, reading, level, raised_at, "
            + "last_seen_at, occurrences, status, acknowledged_by, acknowledged_at, trigger_event_id";

    private final Database database;
    private final AuditLog audit;

    H2Alerts(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    Alert insert(Alert a) {
        String sql = "INSERT INTO alert (rule, ward, bed, device_id, patient_id, code, reading, level, raised_at, "
                + "last_seen_at, occurrences, status, trigger_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            c.setAutoCommit(false);
            s.setString(1, a.rule());
            s.setString(2, a.ward());
            s.setString(3, a.bed());
            s.setString(4, a.deviceId());
            s.setString(5, a.patientId());
            s.setString(6, a.code());
            s.setDouble(7, a.value());
            s.setInt(8, a.level());
            s.setObject(9, utc(a.raisedAt()));
            s.setObject(10, utc(a.lastSeenAt()));
            s.setInt(11, a.occurrences());
            s.setString(12, a.status());
            s.setString(13, a.triggerEventId());
            s.executeUpdate();
            long id;
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            Database.commitDurably(c);
            return new Alert(id, a.rule(), a.ward(), a.bed(), a.deviceId(), a.patientId(), a.code(), a.value(),
                    a.level(), a.raisedAt(), a.lastSeenAt(), a.occurrences(), a.status(), null, null, a.triggerEventId());
        } catch (SQLException e) {
            throw new HoldfastException("cannot store alert", e);
        }
    }

    /** Folds and escalations: what can be recomputed need not be forced to disk on every reading. */
    void update(Alert a) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("UPDATE alert SET reading = ?, level = ?, last_seen_at = ?, "
                     + "occurrences = ? WHERE id = ?")) {
            s.setDouble(1, a.value());
            s.setInt(2, a.level());
            s.setObject(3, utc(a.lastSeenAt()));
            s.setInt(4, a.occurrences());
            s.setLong(5, a.id());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new HoldfastException("cannot update alert " + a.id(), e);
        }
    }

    /** Marks it acknowledged with who and when, audited in the same durable transaction. */
    boolean acknowledge(Alert a, String actorId) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("UPDATE alert SET status = 'acknowledged', acknowledged_by = ?, "
                     + "acknowledged_at = ? WHERE id = ? AND status = 'open'")) {
            c.setAutoCommit(false);
            s.setString(1, a.acknowledgedBy());
            s.setObject(2, utc(a.acknowledgedAt()));
            s.setLong(3, a.id());
            if (s.executeUpdate() != 1) {
                c.rollback();
                return false;
            }
            audit.append(c, AuditEntry.of(actorId, a.acknowledgedBy(), "alert.acknowledge", "alert:" + a.id(),
                    "level " + a.level()));
            Database.commitDurably(c);
            return true;
        } catch (SQLException e) {
            throw new HoldfastException("cannot acknowledge alert " + a.id(), e);
        }
    }

    List<Alert> list(String status, int limit) {
        String where = "all".equals(status) ? "" : " WHERE status = ?";
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM alert" + where
                     + " ORDER BY id DESC LIMIT ?")) {
            int i = 1;
            if (!where.isEmpty()) {
                s.setString(i++, status);
            }
            s.setInt(i, limit);
            List<Alert> alerts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    alerts.add(new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getDouble(8), rs.getInt(9),
                            instant(rs, 10), instant(rs, 11), rs.getInt(12), rs.getString(13), rs.getString(14),
                            instant(rs, 15), rs.getString(16)));
                }
            }
            return alerts;
        } catch (SQLException e) {
            throw new HoldfastException("cannot list alerts", e);
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
