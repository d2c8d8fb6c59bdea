package holdfast.edge.alerts;

import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.store.Database;
import holdfast.edge.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * Runs raises and folds in one database transaction: one durable write of the control journal for all of
     * them. Journaled first like all node state; each new alert's event in the critical lane, appended once this
     * returns, is the record the cloud gets, and restore() brings back from it a row lost behind the node's back.
     */
    <T> T inOneTransaction(Database.Work<T> work) {
        return database.transaction("cannot store alerts", work);
    }

    /** A new alert's row, inside {@link #inOneTransaction}; the alert with the id it was given. */
    Alert insert(Connection c, Alert a) throws SQLException {
        long id = Sql.insert(c, "INSERT INTO alert (rule, ward, bed, "
                + "device_id, patient_id, code, reading, level, raised_at, last_seen_at, occurrences, status, "
                + "trigger_event_id, unit, value_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.rule(), a.ward(), a.bed(), a.deviceId(), a.patientId(), a.code(), a.value(), a.level(),
                a.raisedAt(), a.lastSeenAt(), a.occurrences(), a.status().wireName(), a.triggerEventId(), a.unit(),
                a.valueText());
        return a.withId(id);
    }

    /** A fold, inside {@link #inOneTransaction}. */
    void update(Connection c, Alert a) throws SQLException {
        Sql.update(c, "UPDATE alert SET reading = ?, level = ?, last_seen_at = ?, occurrences = ?, unit = ?, "
                + "value_text = ? WHERE id = ?", a.value(), a.level(), a.lastSeenAt(), a.occurrences(), a.unit(),
                a.valueText(), a.id());
    }

    /** An escalation, in a transaction of its own. */
    void update(Alert a) {
        database.transaction("cannot update alert " + a.id(), c -> {
            update(c, a);
            return null;
        });
    }

    /** Marks it acknowledged with who and when, audited in the same durable transaction. */
    boolean acknowledge(Alert a, String actorId, String reason) {
        return database.transaction("cannot acknowledge alert " + a.id(), c -> {
            if (Sql.update(c, "UPDATE alert SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? "
                    + "WHERE id = ? AND status = 'open'", a.acknowledgedBy(), a.acknowledgedAt(), a.id()) != 1) {
                c.rollback();
                return false;
            }
            audit.append(c, AuditEntry.of(actorId, a.acknowledgedBy(), "alert.acknowledge", "alert:" + a.id(),
                    "level " + a.level() + (reason == null ? "" : ": " + reason)));
            return true;
        });
    }

    /**
     * Brings back alerts the critical journal holds but the table lost in a crash (their rows are committed
     * without a forced write), and levels an escalation reached; then makes sure new ids come after them, so an
     * id already sent upstream in an alert's key is never given to another alert.
     *
     * @return how many rows were restored or raised to their journaled level
     */
    int restore(Collection<Alert> journaled) {
        return database.transaction("cannot restore alerts from the critical journal", c -> {
            Map<Long, Integer> stored = new HashMap<>();
            for (long[] row : Sql.list(c, "SELECT id, level FROM alert",
                    rs -> new long[] {rs.getLong(1), rs.getInt(2)})) {
                stored.put(row[0], (int) row[1]);
            }
            int changed = 0;
            for (Alert a : journaled) {
                Integer level = stored.get(a.id());
                if (level == null) {
                    Sql.update(c, "INSERT INTO alert (id, rule, ward, bed, device_id, patient_id, code, reading, "
                            + "level, raised_at, last_seen_at, occurrences, status, trigger_event_id, unit, value_text) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.id(), a.rule(), a.ward(),
                            a.bed(), a.deviceId(), a.patientId(), a.code(), a.value(), a.level(), a.raisedAt(),
                            a.lastSeenAt(), a.occurrences(), a.status().wireName(), a.triggerEventId(), a.unit(),
                            a.valueText());
                    changed++;
                } else if (level < a.level()) {
                    Sql.update(c, "UPDATE alert SET level = ? WHERE id = ?", a.level(), a.id());
                    changed++;
                }
            }
            if (changed > 0) {
                long next = Sql.first(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM alert", rs -> rs.getLong(1)).orElse(1L);
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE alert ALTER COLUMN id RESTART WITH " + next);
                }
            }
            return changed;
        });
    }

    List<Alert> list(String status, int limit) {
        boolean all = "all".equals(status);
        return database.read("cannot list alerts", c -> Sql.list(c, "SELECT " + COLUMNS + " FROM alert"
                + (all ? "" : " WHERE status = ?") + " ORDER BY id DESC LIMIT ?",
                rs -> new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, Double.class),
                        rs.getInt(9), Sql.instant(rs, 10), Sql.instant(rs, 11), rs.getInt(12),
                        AlertStatus.fromWire(rs.getString(13)), rs.getString(14), Sql.instant(rs, 15), rs.getString(16), rs.getString(17), rs.getString(18)),
                all ? new Object[] {limit} : new Object[] {status, limit}));
    }
}
