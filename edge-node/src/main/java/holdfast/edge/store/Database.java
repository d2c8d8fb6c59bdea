package holdfast.edge.store;

import holdfast.edge.HoldfastException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's relational state: one H2 file under the data dir, its schema owned by Flyway migrations
 * ({@code db/migration}), connections from a small pool. Thread-safe.
 *
 * <p>H2 writes committed transactions to its file within about a second but does not fsync each commit.
 * State that can be rebuilt from the journals (idempotency index) relies on that; state that cannot (dead
 * letters, tokens, reconciliations) is committed with {@link #commitDurably}, which forces the file to disk
 * before the caller answers anyone.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final JdbcConnectionPool pool;

    public Database(Path file) {
        String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=0";
        this.pool = JdbcConnectionPool.create(url, "holdfast", "");
        pool.setMaxConnections(32);
        var result = Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        LOG.info("event=database.opened migrationsApplied={} schemaVersion={}",
                result.migrationsExecuted, result.targetSchemaVersion);
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new HoldfastException("cannot open a database connection", e);
        }
    }

    /** Commits and forces the database file to disk: after this returns the change survives a power cut. */
    public static void commitDurably(Connection connection) throws SQLException {
        connection.commit();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        }
    }

    @Override
    public void close() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            LOG.warn("event=database.shutdown_failed error={}", e.toString());
        }
        pool.dispose();
    }
}
