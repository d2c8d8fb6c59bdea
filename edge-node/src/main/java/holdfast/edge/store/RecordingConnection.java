package holdfast.edge.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.tools.SimpleResultSet;

/**
 * A connection whose writing statements are recorded and, at commit, journaled durably before the database
 * commits them (see {@link Database}). Stores use it as any JDBC connection: what they write in one
 * transaction becomes one {@link StateChange}; a write outside a transaction (auto-commit) becomes one
 * change of its own. Reads pass through untouched.
 *
 * <p>Insert statements are prepared to return their generated keys, so the journal knows the ids the
 * database handed out; the store still reads them from {@code getGeneratedKeys()} as before.
 */
final class RecordingConnection implements InvocationHandler {

    /** Where recorded changes go at commit: journal first, then the database's own commit. */
    interface Committer {
        void commit(Connection real, StateChange change) throws SQLException;
    }

    private final Connection real;
    private final Committer committer;
    private final List<StateChange.Write> pending = new ArrayList<>();

    private RecordingConnection(Connection real, Committer committer) {
        this.real = real;
        this.committer = committer;
    }

    static Connection wrap(Connection real, Committer committer) {
        return (Connection) Proxy.newProxyInstance(RecordingConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new RecordingConnection(real, committer));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "prepareStatement" -> {
                String sql = (String) args[0];
                if (!StateChange.writes(sql)) {
                    return call(method, args);
                }
                PreparedStatement statement = isInsert(sql)
                        ? real.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
                        : real.prepareStatement(sql);
                return Proxy.newProxyInstance(RecordingConnection.class.getClassLoader(),
                        new Class<?>[] {PreparedStatement.class}, new RecordingStatement(sql, statement));
            }
            case "createStatement" -> {
                Statement statement = (Statement) call(method, args);
                return Proxy.newProxyInstance(RecordingConnection.class.getClassLoader(),
                        new Class<?>[] {Statement.class}, new PlainStatement(statement));
            }
            case "commit" -> {
                commitPending();
                return null;
            }
            case "rollback" -> {
                if (args == null || args.length == 0) {
                    pending.clear();
                }
                return call(method, args);
            }
            case "setAutoCommit" -> {
                if ((Boolean) args[0] && !real.getAutoCommit()) {
                    commitPending(); // JDBC: switching auto-commit on commits the open transaction
                }
                return call(method, args);
            }
            case "close" -> {
                if (!pending.isEmpty() && !real.isClosed()) {
                    // Closed with writes never committed: they must not reach H2 by some later commit.
                    real.rollback();
                }
                pending.clear();
                return call(method, args);
            }
            case "unwrap" -> {
                return ((Class<?>) args[0]).isInstance(proxy) ? proxy : call(method, args);
            }
            case "isWrapperFor" -> {
                return ((Class<?>) args[0]).isInstance(proxy) || (Boolean) call(method, args);
            }
            default -> {
                return call(method, args);
            }
        }
    }

    private void commitPending() throws SQLException {
        if (pending.isEmpty()) {
            real.commit();
            return;
        }
        StateChange change = new StateChange(List.copyOf(pending));
        pending.clear();
        committer.commit(real, change);
    }

    /**
     * Runs a write inside the open transaction, or as a transaction of its own under auto-commit. What it
     * wrote is described after it ran, so generated keys are known.
     */
    private <T> T write(SqlCall<T> run, java.util.function.Supplier<List<StateChange.Write>> described)
            throws Throwable {
        if (!real.getAutoCommit()) {
            T result = run.call();
            pending.addAll(described.get());
            return result;
        }
        real.setAutoCommit(false);
        try {
            T result = run.call();
            committer.commit(real, new StateChange(described.get()));
            return result;
        } catch (Throwable e) {
            real.rollback();
            throw e;
        } finally {
            real.setAutoCommit(true);
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        return invokeOn(real, method, args);
    }

    private static Object invokeOn(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean isInsert(String sql) {
        return sql.stripLeading().regionMatches(true, 0, "INSERT", 0, 6);
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws Throwable;
    }

    /** A prepared writing statement: keeps its parameters, records each execution. */
    private final class RecordingStatement implements InvocationHandler {
        private final String sql;
        private final PreparedStatement statement;
        private final List<Object> params = new ArrayList<>();
        private final List<List<Object>> batch = new ArrayList<>();
        private ResultSet keys;
        private long[] generated = new long[0];

        RecordingStatement(String sql, PreparedStatement statement) {
            this.sql = sql;
            this.statement = statement;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer position
                    && !name.equals("setFetchSize") && !name.equals("setMaxRows") && !name.equals("setQueryTimeout")) {
                Object value = name.equals("setNull") ? null : args[1];
                param(position, StateChange.keepable(value));
                return invokeOn(statement, method, args);
            }
            return switch (name) {
                case "clearParameters" -> {
                    params.clear();
                    yield invokeOn(statement, method, args);
                }
                case "executeUpdate", "execute", "executeLargeUpdate" -> {
                    if (args != null && args.length > 0) {
                        throw new SQLException("a prepared writing statement runs its own SQL");
                    }
                    List<Object> values = new ArrayList<>(params);
                    yield write(() -> {
                        Object result = invokeOn(statement, method, args);
                        readKeys();
                        return result;
                    }, () -> List.of(new StateChange.Write(sql, values, generated)));
                }
                case "addBatch" -> {
                    batch.add(new ArrayList<>(params));
                    yield invokeOn(statement, method, args);
                }
                case "executeBatch" -> {
                    List<StateChange.Write> writes = batch.stream()
                            .map(p -> new StateChange.Write(sql, p, new long[0])).toList();
                    batch.clear();
                    yield write(() -> invokeOn(statement, method, args), () -> writes);
                }
                case "getGeneratedKeys" -> keys != null ? keys : invokeOn(statement, method, args);
                case "unwrap" -> ((Class<?>) args[0]).isInstance(proxy) ? proxy : invokeOn(statement, method, args);
                default -> invokeOn(statement, method, args);
            };
        }

        private void param(int position, Object value) {
            while (params.size() < position) {
                params.add(null);
            }
            params.set(position - 1, value);
        }

        /** Reads the generated keys once, for the journal, and keeps a copy for the store to read. */
        private void readKeys() throws SQLException {
            generated = new long[0];
            keys = null;
            if (!isInsert(sql)) {
                return;
            }
            SimpleResultSet copy = new SimpleResultSet();
            List<Long> values = new ArrayList<>();
            try (ResultSet rs = statement.getGeneratedKeys()) {
                ResultSetMetaData meta = rs.getMetaData();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    copy.addColumn(meta.getColumnLabel(c), meta.getColumnType(c), meta.getPrecision(c),
                            meta.getScale(c));
                }
                while (rs.next()) {
                    Object[] row = new Object[meta.getColumnCount()];
                    for (int c = 1; c <= row.length; c++) {
                        row[c - 1] = rs.getObject(c);
                    }
                    copy.addRow(row);
                    if (row.length > 0 && row[0] instanceof Number n) {
                        values.add(n.longValue());
                    }
                }
            }
            keys = copy;
            generated = values.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** A plain statement: writes through it are recorded too (without parameters). */
    private final class PlainStatement implements InvocationHandler {
        private final Statement statement;

        PlainStatement(Statement statement) {
            this.statement = statement;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if ((name.equals("executeUpdate") || name.equals("execute") || name.equals("executeLargeUpdate"))
                    && args != null && args.length == 1 && args[0] instanceof String sql && StateChange.writes(sql)) {
                return write(() -> invokeOn(statement, method, args),
                        () -> List.of(new StateChange.Write(sql, List.of(), new long[0])));
            }
            if (name.equals("addBatch") && args != null && args.length == 1 && StateChange.writes((String) args[0])) {
                throw new SQLException("batched plain writes are not journaled; use a prepared statement");
            }
            return invokeOn(statement, method, args);
        }
    }
}
