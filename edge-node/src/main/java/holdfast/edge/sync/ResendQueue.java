package holdfast.edge.sync;

import holdfast.edge.HoldfastException;
import holdfast.edge.store.Database;
import holdfast.shared.envelope.Lane;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO sync_resend (lane, lane_seq, journal_index, "
                + "event_id, reconciliation_id, requested_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, lane.wireName());
            s.setLong(2, laneSeq);
            s.setLong(3, journalIndex);
            s.setString(4, eventId);
            s.setObject(5, reconciliationId);
            s.setObject(6, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            s.executeUpdate();
        }
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
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT MIN(journal_index) FROM sync_resend WHERE lane = ? AND answered_at IS NULL")) {
            s.setString(1, lane.wireName());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Long.MAX_VALUE : v;
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot read pending resends", e);
        }
    }

    void answered(Connection tx, long id, String verdict) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "UPDATE sync_resend SET answered_at = ?, verdict = ? WHERE id = ?")) {
            s.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            s.setString(2, verdict);
            s.setLong(3, id);
            s.executeUpdate();
        }
    }

    private List<Resend> query(String sql, Object param) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, param);
            List<Resend> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime answered = rs.getObject("answered_at", OffsetDateTime.class);
                    long rec = rs.getLong("reconciliation_id");
                    out.add(new Resend(rs.getLong("id"), Lane.fromWire(rs.getString("lane")), rs.getLong("lane_seq"),
                            rs.getLong("journal_index"), rs.getString("event_id"), rs.wasNull() ? null : rec,
                            rs.getObject("requested_at", OffsetDateTime.class).toInstant(),
                            answered == null ? null : answered.toInstant(), rs.getString("verdict")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new HoldfastException("cannot read resends", e);
        }
    }
}
