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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Alerts in the {@code alert} table. Thread-safe (each call uses its own connection). */
final class H2Alerts {

    private static final String COLUMNS = "id, rule, ward, bed, device_id, patient_id, code, reading, level, raised_at, "
            + "last_seen_at, occurrences, status, acknowledged_by, acknowledged_at, trigger_event_id, unit, value_text";

    private final Database database;
    private final AuditLog audit;

    H2Alerts(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    Alert insert(Alert a) {
        String sql = "INSERT INTO alert (rule, ward, bed, device_id, patient_id, code, reading, level, raised_at, "
                + "last_seen_at, occurrences, status, trigger_event_id, unit, value_text) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            c.setAutoCommit(false);
            s.setString(1, a.rule());
            s.setString(2, a.ward());
            s.setString(3, a.bed());
            s.setString(4, a.deviceId());
            s.setString(5, a.patientId());
            s.setString(6, a.code());
            s.setObject(7, a.value());
            s.setInt(8, a.level());
            s.setObject(9, utc(a.raisedAt()));
            s.setObject(10, utc(a.lastSeenAt()));
            s.setInt(11, a.occurrences());
            s.setString(12, a.status());
            s.setString(13, a.triggerEventId());
            s.setString(14, a.unit());
            s.setString(15, a.valueText());
            s.executeUpdate();
            long id;
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            // Journaled first like all node state; the alert's event in the critical lane, appended right after,
            // is the record the cloud gets, and restore() brings back from it a row lost behind the node's back.
            c.commit();
            return a.withId(id);
        } catch (SQLException e) {
            throw new HoldfastException("cannot store alert", e);
        }
    }

    /** Folds and escalations. */
    void update(Alert a) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("UPDATE alert SET reading = ?, level = ?, last_seen_at = ?, "
                     + "occurrences = ?, unit = ?, value_text = ? WHERE id = ?")) {
            s.setObject(1, a.value());
            s.setInt(2, a.level());
            s.setObject(3, utc(a.lastSeenAt()));
            s.setInt(4, a.occurrences());
            s.setString(5, a.unit());
            s.setString(6, a.valueText());
            s.setLong(7, a.id());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new HoldfastException("cannot update alert " + a.id(), e);
        }
    }

    /** Marks it acknowledged with who and when, audited in the same durable transaction. */
    boolean acknowledge(Alert a, String actorId, String reason) {
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
                    "level " + a.level() + (reason == null ? "" : ": " + reason)));
            Database.commitDurably(c);
            return true;
        } catch (SQLException e) {
            throw new HoldfastException("cannot acknowledge alert " + a.id(), e);
        }
    }

    /**
     * Brings back alerts the critical journal holds but the table lost in a crash (their rows are committed
     * without a forced write), and levels an escalation reached; then makes sure new ids come after them, so an
     * id already sent upstream in an alert's key is never given to another alert.
     *
     * @return how many rows were restored or raised to their journaled level
     */
    int restore(Collection<Alert> journaled) {
        int changed = 0;
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            Map<Long, Integer> stored = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, level FROM alert")) {
                while (rs.next()) {
                    stored.put(rs.getLong(1), rs.getInt(2));
                }
            }
            for (Alert a : journaled) {
                Integer level = stored.get(a.id());
                if (level == null) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO alert (id, rule, ward, bed, device_id, "
                            + "patient_id, code, reading, level, raised_at, last_seen_at, occurrences, status, "
                            + "trigger_event_id, unit, value_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        s.setLong(1, a.id());
                        s.setString(2, a.rule());
                        s.setString(3, a.ward());
                        s.setString(4, a.bed());
                        s.setString(5, a.deviceId());
                        s.setString(6, a.patientId());
                        s.setString(7, a.code());
                        s.setObject(8, a.value());
                        s.setInt(9, a.level());
                        s.setObject(10, utc(a.raisedAt()));
                        s.setObject(11, utc(a.lastSeenAt()));
                        s.setInt(12, a.occurrences());
                        s.setString(13, a.status());
                        s.setString(14, a.triggerEventId());
                        s.setString(15, a.unit());
                        s.setString(16, a.valueText());
                        s.executeUpdate();
                    }
                    changed++;
                } else if (level < a.level()) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE alert SET level = ? WHERE id = ?")) {
                        s.setInt(1, a.level());
                        s.setLong(2, a.id());
                        s.executeUpdate();
                    }
                    changed++;
                }
            }
            long next;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 "
                    + "FROM alert")) {
                rs.next();
                next = rs.getLong(1);
            }
            if (changed > 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE alert ALTER COLUMN id RESTART WITH " + next);
                }
            }
            Database.commitDurably(c);
            return changed;
        } catch (SQLException e) {
            throw new HoldfastException("cannot restore alerts from the critical journal", e);
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
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, Double.class),
                            rs.getInt(9), instant(rs, 10), instant(rs, 11), rs.getInt(12), rs.getString(13),
                            rs.getString(14), instant(rs, 15), rs.getString(16), rs.getString(17),
                            rs.getString(18)));
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
