package holdfast.edge.store;

import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies control-journal entries to the database: at start the ones after its mark (catch-up), after damage
 * all of them into a fresh file (rebuild). Each entry is one transaction that also moves the mark, so a crash
 * during a replay resumes where it stopped. Identity columns are set to the ids the live database handed
 * out, so every id a person or the cloud has seen stays the same. Not thread-safe: one replay at a time,
 * under the database's state lock.
 */
final class StateReplay {

    private static final Logger LOG = LoggerFactory.getLogger(StateReplay.class);

    /** Tables that are not node state: projections of the lanes, the mark itself, Flyway's history. */
    static final Set<String> NOT_STATE = Set.of("FLYWAY_SCHEMA_HISTORY", "IDEMPOTENCY_KEY", "INDEX_MARK", "CONTROL_MARK");

    private final ControlJournal control;
    /** Entries replayed since start: what a watchdog looks at to tell a long replay from a stuck one. */
    private final AtomicLong replayed = new AtomicLong();

    StateReplay(ControlJournal control) {
        this.control = control;
    }

    /** What a replay applied. */
    record Outcome(int applied, int skipped) {
    }

    /** Entries taken up for replay since start (applied or skipped). */
    long progress() {
        return replayed.get();
    }

    Outcome replayAfter(Connection c, long afterIndex) throws SQLException {
        Map<String, String> identities = identityColumns(c);
        Map<String, Long> nextId = new HashMap<>();
        int[] applied = {0};
        int[] skipped = {0};
        SQLException[] fatal = {null};
        control.forEachAfter(afterIndex, (index, bytes) -> {
            if (fatal[0] != null) {
                return;
            }
            replayed.incrementAndGet();
            try {
                if (apply(c, index, StateChange.decode(bytes), identities, nextId)) {
                    applied[0]++;
                } else {
                    skipped[0]++;
                }
            } catch (SQLException e) {
                fatal[0] = e;
            }
        });
        if (fatal[0] != null) {
            throw fatal[0];
        }
        if (applied[0] + skipped[0] > 0) {
            for (Map.Entry<String, String> identity : identities.entrySet()) {
                restartAfterMax(c, identity.getKey(), identity.getValue());
            }
        }
        return new Outcome(applied[0], skipped[0]);
    }

    /**
     * Applies one entry; false when the database refused it (counted and logged: the live database accepted
     * it, so a refusal means the replayed state already differs, which no one must find out by a crash loop).
     */
    private boolean apply(Connection c, long index, StateChange change, Map<String, String> identities,
                          Map<String, Long> nextId) throws SQLException {
        Map<String, Long> firstKeys = new LinkedHashMap<>();
        for (StateChange.Write w : change.writes()) {
            String table = w.insertTable();
            if (table != null && w.keys().length > 0 && identities.containsKey(table)) {
                firstKeys.putIfAbsent(table, w.keys()[0]);
            }
        }
        c.setAutoCommit(true);
        for (Map.Entry<String, Long> first : firstKeys.entrySet()) {
            if (!first.getValue().equals(nextId.get(first.getKey()))) {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE " + first.getKey() + " ALTER COLUMN " + identities.get(first.getKey())
                            + " RESTART WITH " + first.getValue());
                }
            }
        }
        c.setAutoCommit(false);
        try {
            for (StateChange.Write w : change.writes()) {
                String table = w.insertTable();
                boolean keyed = table != null && w.keys().length > 0 && identities.containsKey(table);
                try (PreparedStatement s = keyed ? c.prepareStatement(w.sql(), Statement.RETURN_GENERATED_KEYS)
                        : c.prepareStatement(w.sql())) {
                    for (int i = 0; i < w.params().size(); i++) {
                        Object p = w.params().get(i);
                        if (p instanceof byte[] bytes) {
                            s.setBytes(i + 1, bytes);
                        } else {
                            s.setObject(i + 1, p);
                        }
                    }
                    s.executeUpdate();
                    if (keyed) {
                        long last = w.keys()[w.keys().length - 1];
                        try (ResultSet rs = s.getGeneratedKeys()) {
                            long got = -1;
                            while (rs.next()) {
                                got = rs.getLong(1);
                            }
                            if (got != last) {
                                throw new SQLException("replayed insert into " + table + " got id " + got
                                        + ", the live database had " + last);
                            }
                        }
                        nextId.put(table, last + 1);
                    }
                }
            }
            mark(c, index);
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            nextId.clear();
            LOG.error("event=state.replay_skipped index={} error=\"{}\"", index, withoutData(e));
            c.setAutoCommit(false);
            mark(c, index);
            c.commit();
            return false;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * An exception in words fit for a log line and the status: H2 quotes the statement and its values after
     * "SQL statement", which may hold patient data, so that part is cut.
     */
    static String withoutData(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        for (String cut : List.of("\n", "; SQL statement", "SQL statement:", " VALUES")) {
            int at = message.indexOf(cut);
            if (at >= 0) {
                message = message.substring(0, at);
            }
        }
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return e.getClass().getSimpleName() + ": " + message.replace('"', '\'');
    }

    static void mark(Connection c, long index) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE control_mark SET journal_index = ? WHERE id = 1")) {
            s.setLong(1, index);
            s.executeUpdate();
        }
    }

    static long readMark(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT journal_index FROM control_mark WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("control_mark has no row");
            }
            return rs.getLong(1);
        }
    }

    /**
     * Every state table's rows as changes that replace them: the first entries of a control journal that
     * starts after the database (an upgrade from a node without one). In chunks, so no entry grows unbounded.
     */
    static List<StateChange> baseline(Connection c) throws SQLException {
        List<StateChange> changes = new ArrayList<>();
        List<StateChange.Write> writes = new ArrayList<>();
        for (String table : stateTables(c)) {
            writes.add(new StateChange.Write("DELETE FROM " + table, List.of(), new long[0]));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnName(i));
                }
                String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                        + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        Object value = rs.getObject(i);
                        row.add(value instanceof Blob blob ? blob.getBytes(1, (int) blob.length()) : StateChange.keepable(value));
                    }
                    writes.add(new StateChange.Write(sql, row, new long[0]));
                    if (writes.size() >= BASELINE_CHUNK) {
                        changes.add(new StateChange(writes));
                        writes = new ArrayList<>();
                    }
                }
            }
        }
        if (!writes.isEmpty()) {
            changes.add(new StateChange(writes));
        }
        return changes;
    }

    private static final int BASELINE_CHUNK = 500;

    /** Reads every row of every state table: damage that opening the file did not show shows here. */
    static long scan(Connection c) throws SQLException {
        long rows = 0;
        for (String table : stateTables(c)) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        Object value = rs.getObject(i);
                        if (value instanceof Blob blob) {
                            blob.getBytes(1, (int) Math.min(blob.length(), 1));
                        }
                    }
                    rows++;
                }
            }
        }
        return rows;
    }

    static List<String> stateTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' "
                        + "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            while (rs.next()) {
                String table = rs.getString(1).toUpperCase(Locale.ROOT);
                if (!NOT_STATE.contains(table)) {
                    tables.add(table);
                }
            }
        }
        return tables;
    }

    private static Map<String, String> identityColumns(Connection c) throws SQLException {
        Map<String, String> identities = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' "
                        + "AND IS_IDENTITY = 'YES'")) {
            while (rs.next()) {
                identities.put(rs.getString(1).toUpperCase(Locale.ROOT), rs.getString(2));
            }
        }
        return identities;
    }

    private static void restartAfterMax(Connection c, String table, String column) throws SQLException {
        long max;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(" + column + "), 0) FROM " + table)) {
            rs.next();
            max = rs.getLong(1);
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " RESTART WITH " + (max + 1));
        }
    }
}
