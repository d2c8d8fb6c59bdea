package holdfast.edge.sync;

import holdfast.edge.store.Database;
import holdfast.edge.store.Sql;
import holdfast.edge.journal.JournalEntry;
import holdfast.shared.envelope.Lane;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
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
        return database.read("cannot read the sync cursor of lane " + lane.wireName(), c -> Sql.first(c,
                "SELECT lane_seq, journal_index FROM sync_cursor WHERE lane = ?",
                rs -> new Cursor(rs.getLong(1), rs.getLong(2)), lane.wireName()).orElse(Cursor.START));
    }

    /**
     * Runs {@code work} in one transaction: cursor or pass progress, resend verdicts and the reconciliations an
     * answer opened, journaled before H2 commits them like all node state.
     */
    void commit(Work work) {
        database.transaction("cannot record the upstream answer", c -> {
            work.run(c);
            return null;
        });
    }

    void saveCursor(Connection tx, Lane lane, Cursor cursor) throws SQLException {
        Sql.update(tx, "MERGE INTO sync_cursor (lane, lane_seq, journal_index, updated_at) KEY (lane) "
                + "VALUES (?, ?, ?, ?)", lane.wireName(), cursor.seq(), cursor.index(), clock.instant());
    }

    long addReplay(Connection tx, Lane lane, ReplayRange range, String requestedBy) throws SQLException {
        return Sql.insert(tx, "INSERT INTO sync_replay (lane, from_seq, to_seq, from_time, to_time, next_seq, sent, "
                + "requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)", lane.wireName(), range.fromSeq(),
                range.toSeq(), range.fromTime(), range.toTime(), range.fromSeq(), requestedBy, clock.instant());
    }

    Optional<Replay> openReplay(Lane lane) {
        return database.read("cannot read replays of lane " + lane.wireName(), c -> Sql.first(c,
                "SELECT * FROM sync_replay WHERE lane = ? AND finished_at IS NULL ORDER BY id LIMIT 1",
                rs -> new Replay(rs.getLong("id"), lane, new ReplayRange(rs.getLong("from_seq"), rs.getLong("to_seq"),
                        Sql.instant(rs, "from_time"), Sql.instant(rs, "to_time")), rs.getLong("next_seq"),
                        rs.getLong("sent")), lane.wireName()));
    }

    void replayProgress(Connection tx, long id, long nextSeq, long sent, boolean finished) throws SQLException {
        Sql.update(tx, "UPDATE sync_replay SET next_seq = ?, sent = ?, finished_at = ? WHERE id = ?", nextSeq, sent,
                finished ? clock.instant() : null, id);
    }
}
