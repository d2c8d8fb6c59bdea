package holdfast.edge.store;

import holdfast.edge.HoldfastException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's relational state: one H2 file under the data dir, its schema owned by Flyway migrations
 * ({@code db/migration}), connections from a small pool. Thread-safe.
 *
 * <p>The file is a projection, never the only copy. Every transaction a store commits through
 * {@link #connection()} is first appended, as its writing statements, to the {@link ControlJournal} and
 * fsync'd; only then does H2 commit it, together with the journal index it reached ({@code control_mark}).
 * H2 itself does not fsync each commit, and a killed process can leave its file damaged: at open the node
 * applies what the journal holds beyond the mark, reads every state row, and if any of that fails it moves
 * the file aside (kept, never deleted), replays the whole journal into a fresh file and starts; the
 * {@link #recovery()} says so. Work that changes nothing (a backup's snapshot) may use
 * {@link #projectionConnection()}.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final ControlJournal control;
    private final Duration catchUpStall;
    private final StateReplay replay;
    private final Clock clock;
    // Journal order is commit order: one change at a time from the fsync to H2's commit.
    private final ReentrantLock stateLock = new ReentrantLock();
    private final JdbcConnectionPool pool;
    private final StateRecovery recovery;

    /** No entry replayed for this long at start: the file counts as damaged (see {@link #replayWatched}). */
    static final Duration CATCH_UP_STALL = Duration.ofSeconds(30);

    /** A database whose control journal lives beside the file (tools and tests). */
    public Database(Path file) {
        this(file, file.resolveSibling(file.getFileName() + "-control"), Clock.systemUTC());
    }

    public Database(Path file, Path controlJournalDir, Clock clock) {
        this(file, controlJournalDir, clock, CATCH_UP_STALL);
    }

    /**
     * @param catchUpStall how long the start-up catch-up may go without replaying one more control-journal entry
     *                     before the database file counts as damaged
     */
    Database(Path file, Path controlJournalDir, Clock clock, Duration catchUpStall) {
        this.file = file;
        this.catchUpStall = catchUpStall;
        this.clock = clock;
        this.control = new ControlJournal(controlJournalDir);
        this.replay = new StateReplay(control);
        JdbcConnectionPool opened = null;
        StateRecovery recovered = null;
        try {
            opened = openPool();
            recovered = catchUp(opened);
        } catch (RuntimeException | SQLException damaged) {
            if (opened != null) {
                dispose(opened);
            }
            long started = System.nanoTime();
            Path aside = moveAside(damaged);
            try {
                opened = openPool();
                StateReplay.Outcome outcome = rebuild(opened);
                recovered = new StateRecovery(clock.instant(), describe(damaged), aside, outcome.applied(),
                        outcome.skipped(), (System.nanoTime() - started) / 1_000_000);
                LOG.error("event=state.rebuilt cause=\"{}\" movedAside={} replayed={} skipped={} millis={}",
                        recovered.cause(), aside, outcome.applied(), outcome.skipped(), recovered.millis());
            } catch (RuntimeException | SQLException e) {
                if (opened != null) {
                    dispose(opened);
                }
                control.close();
                throw new HoldfastException("the node database was damaged (" + describe(damaged)
                        + ") and could not be rebuilt from the control journal " + controlJournalDir, e);
            }
        }
        this.pool = opened;
        this.recovery = recovered;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** A connection whose committed writes are journaled first (every store of node state uses this). */
    public Connection connection() {
        return RecordingConnection.wrap(rawConnection(), this::commitJournaled);
    }

    /**
     * A plain connection, not journaled: for reads and snapshots, and for tables that are projections of the
     * lanes (they rebuild themselves from the lanes and must not pay a journal fsync per write).
     */
    public Connection projectionConnection() {
        return rawConnection();
    }

    /** Whether the node rebuilt a damaged database at this start, and how. */
    public Optional<StateRecovery> recovery() {
        return Optional.ofNullable(recovery);
    }

    public ControlJournal controlJournal() {
        return control;
    }

    /**
     * Runs {@code work} with no state change committing meanwhile (a backup's database snapshot and its copy
     * of the control journal then agree).
     */
    public <T> T withStateHeld(java.util.function.Supplier<T> work) {
        stateLock.lock();
        try {
            return work.get();
        } finally {
            stateLock.unlock();
        }
    }

    /** Work a store does on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} as one transaction on a journaled connection and commits it (journal first, then H2);
     * anything thrown rolls it back. An {@link SQLException} becomes a {@link HoldfastException} saying
     * {@code failure}, the what of the message an operator reads.
     */
    public <T> T transaction(String failure, Work<T> work) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            T result = work.run(c);
            commitDurably(c);
            return result;
        } catch (SQLException e) {
            throw new HoldfastException(failure, e);
        }
    }

    /** Runs reads on one connection (no transaction); an {@link SQLException} becomes {@code failure}. */
    public <T> T read(String failure, Work<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new HoldfastException(failure, e);
        }
    }

    /**
     * Commits a transaction a store opened on {@link #connection()}. The control journal made it durable
     * before H2 committed it, so this says no more than {@code commit()}; kept so every store states where
     * it needs durability.
     */
    public static void commitDurably(Connection connection) throws SQLException {
        connection.commit();
    }

    @Override
    public void close() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            LOG.warn("event=database.shutdown_failed error={}", e.toString());
        }
        pool.dispose();
        control.close();
    }

    private Connection rawConnection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new HoldfastException("cannot open a database connection", e);
        }
    }

    private void commitJournaled(Connection real, StateChange change) throws SQLException {
        stateLock.lock();
        try {
            long index;
            try {
                index = control.append(change.encode());
            } catch (RuntimeException e) {
                real.rollback();
                throw new SQLException("the control journal did not take the change: " + e, e);
            }
            try {
                StateReplay.mark(real, index);
                real.commit();
            } catch (SQLException e) {
                // Durable in the journal but not in H2: apply it from the journal, as a restart would.
                real.rollback();
                LOG.warn("event=state.commit_retried_from_journal index={} error=\"{}\"", index, e.getMessage());
                try (Connection c = pool.getConnection()) {
                    replay.replayAfter(c, StateReplay.readMark(c));
                }
            }
        } finally {
            stateLock.unlock();
        }
    }

    private JdbcConnectionPool openPool() {
        String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=0;QUERY_CACHE_SIZE=64";
        JdbcConnectionPool opened = JdbcConnectionPool.create(url, "holdfast", "");
        opened.setMaxConnections(32);
        try {
            var result = Flyway.configure().dataSource(opened).locations("classpath:db/migration").load().migrate();
            LOG.info("event=database.opened migrationsApplied={} schemaVersion={}",
                    result.migrationsExecuted, result.targetSchemaVersion);
            return opened;
        } catch (RuntimeException e) {
            dispose(opened);
            throw e;
        }
    }

    /**
     * Brings an opened database up to the journal; throws when the file shows damage. Returns a recovery when
     * H2 opened the file empty although the journal holds changes: H2 does that, without an error, when it
     * finds no readable state in a damaged file.
     */
    private StateRecovery catchUp(JdbcConnectionPool opened) throws SQLException {
        long started = System.nanoTime();
        StateRecovery recovered = null;
        try (Connection c = opened.getConnection()) {
            long mark = StateReplay.readMark(c);
            if (control.isEmpty() || mark > control.lastIndex()) {
                // A journal that starts after the database (first start of a node that had none): it begins
                // with the database's current state, so a later rebuild has everything.
                List<StateChange> baseline = StateReplay.baseline(c);
                long last = -1;
                for (StateChange change : baseline) {
                    last = control.append(change.encode());
                }
                if (last >= 0) {
                    c.setAutoCommit(false);
                    StateReplay.mark(c, last);
                    c.commit();
                    c.setAutoCommit(true);
                }
                LOG.info("event=state.baseline entries={}", baseline.size());
            } else if (mark < control.lastIndex()) {
                StateReplay.Outcome outcome = replayWatched(opened, c, mark);
                // After a kill H2 may lack its last second of commits; the journal has them. An empty database
                // beside a journal with changes, though, means the file itself was lost.
                if (mark < 0) {
                    recovered = new StateRecovery(clock.instant(), "the database file held no readable state "
                            + "(H2 opened it empty)", null, outcome.applied(), outcome.skipped(),
                            (System.nanoTime() - started) / 1_000_000);
                    LOG.error("event=state.rebuilt cause=\"{}\" replayed={} skipped={} millis={}", recovered.cause(),
                            outcome.applied(), outcome.skipped(), recovered.millis());
                } else {
                    LOG.info("event=state.caught_up applied={} skipped={}", outcome.applied(), outcome.skipped());
                }
            }
            long rows = StateReplay.scan(c);
            LOG.info("event=state.checked rows={}", rows);
        }
        return recovered;
    }

    /**
     * The start-up replay with a watchdog. After a {@code kill -9} H2 can open its file and then spin for ever on
     * a row that a transaction of the dead process seems to hold (seen in the kill loop): no error, no lock
     * timeout, a core at 100 % and a node that never starts. When no entry is replayed for {@code catchUpStall},
     * the watchdog shuts the database down under the stuck statement, which then fails, and the file is treated
     * as damaged: moved aside and rebuilt from the control journal like any other.
     */
    private StateReplay.Outcome replayWatched(JdbcConnectionPool opened, Connection c, long mark) throws SQLException {
        Duration stall = catchUpStall;
        AtomicBoolean stopped = new AtomicBoolean();
        Thread watchdog = Thread.ofPlatform().daemon(true).name("state-catch-up-watchdog")
                .start(() -> watch(opened, stall, stopped));
        try {
            return replay.replayAfter(c, mark);
        } catch (RuntimeException | SQLException e) {
            if (stopped.get()) {
                throw new SQLException("the database stopped answering while it caught up with the control journal "
                        + "(no entry replayed for " + stall.toSeconds() + " s)", e);
            }
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }

    private void watch(JdbcConnectionPool opened, Duration stall, AtomicBoolean stopped) {
        long seen = replay.progress();
        long since = System.nanoTime();
        try {
            while (true) {
                Thread.sleep(Math.max(10, Math.min(1_000, stall.toMillis() / 4))); // a periodic look, not a handshake
                long now = replay.progress();
                if (now != seen) {
                    seen = now;
                    since = System.nanoTime();
                } else if (System.nanoTime() - since >= stall.toNanos()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            return; // the catch-up ended
        }
        stopped.set(true);
        LOG.error("event=state.catch_up_stalled file={} stallSeconds={} replayed={} action=shutdown_and_rebuild", file,
                stall.toSeconds(), seen);
        try (Connection c = opened.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException e) {
            LOG.debug("event=state.catch_up_shutdown error={}", e.toString());
        }
    }

    private StateReplay.Outcome rebuild(JdbcConnectionPool fresh) throws SQLException {
        try (Connection c = fresh.getConnection()) {
            return replay.replayAfter(c, StateReplay.readMark(c));
        }
    }

    private Path moveAside(Exception cause) {
        Path mv = file.resolveSibling(file.getFileName() + ".mv.db");
        Path aside = file.resolveSibling(file.getFileName() + ".mv.db.damaged-" + STAMP.format(clock.instant()));
        LOG.error("event=state.damaged file={} error=\"{}\" action=move_aside_and_rebuild", mv, describe(cause));
        try {
            if (Files.exists(mv)) {
                Files.move(mv, aside);
            }
            Path trace = file.resolveSibling(file.getFileName() + ".trace.db");
            if (Files.exists(trace)) {
                Files.move(trace, file.resolveSibling(aside.getFileName() + ".trace.db"));
            }
            return aside;
        } catch (IOException e) {
            throw new HoldfastException("cannot move the damaged database " + mv + " aside", e);
        }
    }

    private static void dispose(JdbcConnectionPool pool) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException | RuntimeException ignored) {
            // A damaged file may refuse even this; disposing the pool below still lets go of it.
        }
        pool.dispose();
    }

    private static String describe(Throwable e) {
        return StateReplay.withoutData(e);
    }
}
