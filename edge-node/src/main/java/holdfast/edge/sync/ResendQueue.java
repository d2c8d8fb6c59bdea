package holdfast.edge.sync;

import holdfast.edge.store.Database;
import holdfast.edge.store.Sql;
import holdfast.shared.envelope.Lane;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Events to send upstream again with their original id and laneSeq ({@code sync_resend}). A request is written
 * in the caller's transaction (with the resolution that asked for it) and stays pending until the cloud has
 * answered for it; the lane's worker drains it before new journal entries. Thread-safe.
 */
public final class ResendQueue {

    private final Database database;
    private final Clock clock;
    private final AtomicBoolean[] dirty = new AtomicBoolean[Lane.values().length];

    public ResendQueue(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        for (Lane lane : Lane.values()) {
            // Unknown until the first look: a request from before a restart must be found.
            dirty[lane.ordinal()] = new AtomicBoolean(true);
        }
    }

    /** One pending or answered resend. */
    public record Resend(long id, Lane lane, long laneSeq, long journalIndex, String eventId, Long reconciliationId,
                         Instant requestedAt, Instant answeredAt, String verdict) {
    }

    /** Queues a resend inside {@code tx}; call {@link #committed(Lane)} once the caller has committed. */
    public void enqueue(Connection tx, Lane lane, long laneSeq, long journalIndex, String eventId,
                        Long reconciliationId) throws SQLException {
        Sql.update(tx, "INSERT INTO sync_resend (lane, lane_seq, journal_index, event_id, reconciliation_id, "
                + "requested_at) VALUES (?, ?, ?, ?, ?, ?)", lane.wireName(), laneSeq, journalIndex, eventId,
                reconciliationId, clock.instant());
    }

    /** Wakes the lane's worker for requests the caller just committed. */
    public void committed(Lane lane) {
        dirty[lane.ordinal()].set(true);
    }

    /** The resends made for one reconciliation, oldest first (for its history). */
    public List<Resend> forReconciliation(long reconciliationId) {
        return query("SELECT * FROM sync_resend WHERE reconciliation_id = ? ORDER BY id", reconciliationId);
    }

    boolean hasPending(Lane lane) {
        return dirty[lane.ordinal()].get();
    }

    /** Up to {@code limit} pending resends of the lane in laneSeq order. */
    List<Resend> next(Lane lane, int limit) {
        // Cleared before the query: a request committed meanwhile sets it again, so none is missed.
        dirty[lane.ordinal()].set(false);
        List<Resend> found = query("SELECT * FROM sync_resend WHERE lane = ? AND answered_at IS NULL "
                + "ORDER BY lane_seq, id LIMIT " + limit, lane.wireName());
        if (!found.isEmpty()) {
            dirty[lane.ordinal()].set(true);
        }
        return found;
    }

    /** Oldest journal index a pending resend of the lane still needs (retention keeps it), or MAX_VALUE. */
    long oldestPendingIndex(Lane lane) {
        Long oldest = database.read("cannot read pending resends", c -> Sql.first(c,
                "SELECT MIN(journal_index) FROM sync_resend WHERE lane = ? AND answered_at IS NULL",
                rs -> Sql.nullableLong(rs, 1), lane.wireName()).orElse(null));
        return oldest == null ? Long.MAX_VALUE : oldest;
    }

    void answered(Connection tx, long id, String verdict) throws SQLException {
        Sql.update(tx, "UPDATE sync_resend SET answered_at = ?, verdict = ? WHERE id = ?", clock.instant(), verdict,
                id);
    }

    private List<Resend> query(String sql, Object param) {
        return database.read("cannot read resends", c -> Sql.list(c, sql, rs -> new Resend(rs.getLong("id"),
                Lane.fromWire(rs.getString("lane")), rs.getLong("lane_seq"), rs.getLong("journal_index"),
                rs.getString("event_id"), Sql.nullableLong(rs, "reconciliation_id"),
                Sql.instant(rs, "requested_at"), Sql.instant(rs, "answered_at"), rs.getString("verdict")), param));
    }
}
