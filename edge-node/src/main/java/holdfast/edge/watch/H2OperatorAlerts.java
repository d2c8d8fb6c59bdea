package holdfast.edge.watch;

import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.store.Database;
import holdfast.edge.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

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
        long id = database.transaction("cannot store operator alert " + a.condition(), c -> Sql.insert(c,
                "INSERT INTO operator_alert (condition_id, cause, runbook, status, raised_at) VALUES (?, ?, ?, ?, ?)",
                a.condition(), a.cause(), a.runbook(), a.status().wireName(), a.raisedAt()));
        return a.withId(id);
    }

    void update(OperatorAlert a) {
        database.transaction("cannot update operator alert " + a.id(), c -> Sql.update(c,
                "UPDATE operator_alert SET cause = ?, status = ?, cleared_at = ? WHERE id = ?",
                a.cause(), a.status().wireName(), a.clearedAt(), a.id()));
    }

    /** Records who acknowledged it, audited in the same durable transaction; false if it was acknowledged already. */
    boolean acknowledge(OperatorAlert a, String actorId, String reason) {
        return database.transaction("cannot acknowledge operator alert " + a.id(), c -> {
            if (Sql.update(c, "UPDATE operator_alert SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? "
                    + "AND acknowledged_by IS NULL", a.acknowledgedBy(), a.acknowledgedAt(), a.id()) != 1) {
                c.rollback();
                return false;
            }
            audit.append(c, AuditEntry.of(actorId, a.acknowledgedBy(), "operator-alert.acknowledge",
                    "operator-alert:" + a.id(), reason == null ? a.condition() : a.condition() + ": " + reason));
            return true;
        });
    }

    List<OperatorAlert> list(String status, int limit) {
        boolean all = "all".equals(status);
        return database.read("cannot list operator alerts", c -> Sql.list(c, "SELECT " + COLUMNS
                + " FROM operator_alert" + (all ? "" : " WHERE status = ?") + " ORDER BY id DESC LIMIT ?",
                H2OperatorAlerts::row, all ? new Object[] {limit} : new Object[] {status, limit}));
    }

    Optional<OperatorAlert> find(long id) {
        return database.read("cannot read operator alert " + id, c -> Sql.first(c, "SELECT " + COLUMNS
                + " FROM operator_alert WHERE id = ?", H2OperatorAlerts::row, id));
    }

    private static OperatorAlert row(ResultSet rs) throws SQLException {
        return new OperatorAlert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                OperatorAlertStatus.fromWire(rs.getString(5)), Sql.instant(rs, 6), Sql.instant(rs, 7),
                rs.getString(8), Sql.instant(rs, 9));
    }
}
