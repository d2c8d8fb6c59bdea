package holdfast.edge.sync;

import holdfast.edge.HoldfastException;
import holdfast.edge.store.Database;
import holdfast.edge.journal.JournalEntry;
import holdfast.shared.envelope.Lane;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The sync workers' durable state in H2: per-lane cursors ({@code sync_cursor}) and replay passes
 * ({@code sync_replay}). Each answered batch is one transaction: cursor or pass progress, resend verdicts and
 * the reconciliations the answer opened. Thread-safe (a connection per call).
 */
final class SyncStore {

    private final Database database;
    private final Clock clock;

    SyncStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Last answered (laneSeq, journal index) of a lane. */
    record Cursor(long seq, long index) {
        static final Cursor START = new Cursor(0, JournalEntry.NO_INDEX);
    }

    /** An unfinished replay pass. */
    record Replay(long id, Lane lane, ReplayRange range, long nextSeq, long sent) {
    }

    @FunctionalInterface
    interface Work {
        void run(Connection tx) throws SQLException;
    }

    Cursor cursor(Lane lane) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT lane_seq, journal_index FROM sync_cursor WHERE lane = ?")) {
            s.setString(1, lane.wireName());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Cursor(rs.getLong(1), rs.getLong(2)) : Cursor.START;
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot read the sync cursor of lane " + lane.wireName(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction. {@code durable}: forced to disk before returning (reconciliations,
     * resends and replays cannot be rebuilt). Otherwise a plain commit: H2 writes it within about a second, and
     * a cursor that falls back after a power cut only resends events the cloud answers as duplicates.
     */
    void commit(boolean durable, Work work) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                if (durable) {
                    Database.commitDurably(c);
                } else {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot record the upstream answer", e);
        }
    }

    void saveCursor(Connection tx, Lane lane, Cursor cursor) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "MERGE INTO sync_cursor (lane, lane_seq, journal_index, updated_at) KEY (lane) VALUES (?, ?, ?, ?)")) {
            s.setString(1, lane.wireName());
            s.setLong(2, cursor.seq());
            s.setLong(3, cursor.index());
            s.setObject(4, now());
            s.executeUpdate();
        }
    }

    long addReplay(Connection tx, Lane lane, ReplayRange range, String requestedBy) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO sync_replay (lane, from_seq, to_seq, from_time, "
                + "to_time, next_seq, sent, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, lane.wireName());
            s.setLong(2, range.fromSeq());
            s.setLong(3, range.toSeq());
            s.setObject(4, range.fromTime() == null ? null : OffsetDateTime.ofInstant(range.fromTime(), ZoneOffset.UTC));
            s.setObject(5, range.toTime() == null ? null : OffsetDateTime.ofInstant(range.toTime(), ZoneOffset.UTC));
            s.setLong(6, range.fromSeq());
            s.setString(7, requestedBy);
            s.setObject(8, now());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    Optional<Replay> openReplay(Lane lane) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT * FROM sync_replay WHERE lane = ? AND finished_at IS NULL ORDER BY id LIMIT 1")) {
            s.setString(1, lane.wireName());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                OffsetDateTime from = rs.getObject("from_time", OffsetDateTime.class);
                OffsetDateTime to = rs.getObject("to_time", OffsetDateTime.class);
                ReplayRange range = new ReplayRange(rs.getLong("from_seq"), rs.getLong("to_seq"),
                        from == null ? null : from.toInstant(), to == null ? null : to.toInstant());
                return Optional.of(new Replay(rs.getLong("id"), lane, range, rs.getLong("next_seq"),
                        rs.getLong("sent")));
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot read replays of lane " + lane.wireName(), e);
        }
    }

    void replayProgress(Connection tx, long id, long nextSeq, long sent, boolean finished) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "UPDATE sync_replay SET next_seq = ?, sent = ?, finished_at = ? WHERE id = ?")) {
            s.setLong(1, nextSeq);
            s.setLong(2, sent);
            s.setObject(3, finished ? now() : null);
            s.setLong(4, id);
            s.executeUpdate();
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
