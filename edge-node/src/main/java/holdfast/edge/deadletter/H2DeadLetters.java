package holdfast.edge.deadletter;

import holdfast.edge.HoldfastException;
import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters in the {@code dead_letter} table, each committed durably before the sender is answered. Input
 * that is already an open dead letter of the same channel, byte for byte (a sender resending what it was refused,
 * a loop), adds no second row: the first one's {@code repeats} and {@code lastSeenAt} count it, in the same
 * durable commit, and its id is returned.
 */
public final class H2DeadLetters implements DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(H2DeadLetters.class);

    private static final String COLUMNS = "id, received_at, channel, source_system, correlation_id, idem_key, "
            + "payload_sha256, payload_size, raw_truncated, content_type, error, priority, status, resolved_at, "
            + "resolved_by, resolution_reason, reprocessed_event_id, repeats, last_seen_at";
    /** Stripes for the look-up-then-insert of one input, so that two copies arriving at once make one row. */
    private static final int STRIPES = 64;

    private final Database database;
    private final AuditLog audit;
    private final java.time.Clock clock;
    private final Object[] stripes = new Object[STRIPES];

    public H2DeadLetters(Database database, AuditLog audit, java.time.Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public long record(DeadLetter d) {
        synchronized (stripes[Math.floorMod(d.payloadSha256().hashCode(), STRIPES)]) {
            OptionalLong repeated = countRepeat(d);
            return repeated.isPresent() ? repeated.getAsLong() : insert(d);
        }
    }

    /** Counts {@code d} on the open dead letter holding the same bytes of the same channel, if there is one. */
    private OptionalLong countRepeat(DeadLetter d) {
        String find = "SELECT id FROM dead_letter WHERE payload_sha256 = ? AND channel = ? AND status = 'open' "
                + "AND payload_size = ? ORDER BY id LIMIT 1";
        String count = "UPDATE dead_letter SET repeats = repeats + 1, last_seen_at = ? WHERE id = ? AND status = 'open'";
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            long id;
            try (PreparedStatement s = c.prepareStatement(find)) {
                s.setString(1, d.payloadSha256());
                s.setString(2, d.channel());
                s.setInt(3, d.payloadSize());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return OptionalLong.empty();
                    }
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement(count)) {
                s.setObject(1, d.receivedAt().atOffset(ZoneOffset.UTC));
                s.setLong(2, id);
                if (s.executeUpdate() != 1) {
                    c.rollback(); // closed in between: the input is new again
                    return OptionalLong.empty();
                }
            }
            Database.commitDurably(c);
            // A loop repeats for ever: each repeat is counted on the row, not logged.
            LOG.debug("event=deadletter.repeated deadLetterId={} channel={} correlationId={}", id, d.channel(),
                    d.correlationId());
            return OptionalLong.of(id);
        } catch (SQLException e) {
            throw new HoldfastException("cannot store dead letter " + d.correlationId(), e);
        }
    }

    private long insert(DeadLetter d) {
        String sql = "INSERT INTO dead_letter (received_at, channel, source_system, correlation_id, idem_key, "
                + "payload_sha256, payload_size, content_type, error, priority, status, raw_truncated, raw, origin) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)";
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            long id;
            try (PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                s.setObject(1, d.receivedAt().atOffset(ZoneOffset.UTC));
                s.setString(2, d.channel());
                s.setString(3, truncate(d.sourceSystem(), 256));
                s.setString(4, d.correlationId());
                s.setString(5, truncate(d.idempotencyKey(), 600));
                s.setString(6, d.payloadSha256());
                s.setInt(7, d.payloadSize());
                s.setString(8, truncate(d.contentType(), 64));
                s.setString(9, d.error());
                s.setString(10, d.priority());
                s.setBoolean(11, d.truncated());
                s.setBytes(12, d.raw());
                s.setString(13, truncate(d.origin(), 300));
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            Database.commitDurably(c);
            LOG.warn("event=deadletter.recorded deadLetterId={} channel={} correlationId={} sha256={} size={} error=\"{}\"",
                    id, d.channel(), d.correlationId(), d.payloadSha256(), d.payloadSize(), d.error());
            return id;
        } catch (SQLException e) {
            throw new HoldfastException("cannot store dead letter " + d.correlationId(), e);
        }
    }

    @Override
    public long openCount() {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dead_letter WHERE status = 'open'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new HoldfastException("cannot count dead letters", e);
        }
    }

    @Override
    public List<DeadLetterSummary> list(String status, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM dead_letter WHERE status = ? ORDER BY id DESC LIMIT ?";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, status);
            s.setInt(2, limit);
            List<DeadLetterSummary> items = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(summary(rs));
                }
            }
            return items;
        } catch (SQLException e) {
            throw new HoldfastException("cannot list dead letters", e);
        }
    }

    @Override
    public Optional<DeadLetterSummary> find(long id) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot read dead letter " + id, e);
        }
    }

    @Override
    public boolean discard(long id, String actorId, String actor, String reason) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("UPDATE dead_letter SET status = 'discarded', resolved_at = ?, "
                     + "resolved_by = ?, resolution_reason = ? WHERE id = ? AND status = 'open'")) {
            c.setAutoCommit(false);
            s.setObject(1, clock.instant().atOffset(ZoneOffset.UTC));
            s.setString(2, truncate(actor, 200));
            s.setString(3, truncate(reason, 2000));
            s.setLong(4, id);
            if (s.executeUpdate() != 1) {
                c.rollback();
                return false;
            }
            audit.append(c, AuditEntry.of(actorId, actor, "deadletter.discard", "dead-letter:" + id, reason));
            Database.commitDurably(c);
            LOG.info("event=deadletter.discarded deadLetterId={} by={}", id, actorId);
            return true;
        } catch (SQLException e) {
            throw new HoldfastException("cannot discard dead letter " + id, e);
        }
    }

    @Override
    public Optional<StoredInput> input(long id) {
        String sql = "SELECT channel, source_system, origin, correlation_id, idem_key, content_type, raw, "
                + "raw_truncated, status FROM dead_letter WHERE id = ?";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new StoredInput(id, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getBoolean(8),
                        rs.getString(9))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot read dead letter " + id, e);
        }
    }

    @Override
    public boolean markReprocessed(long id, String eventId, String actorId, String actor, String reason) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("UPDATE dead_letter SET status = 'reprocessed', resolved_at = ?, "
                     + "resolved_by = ?, resolution_reason = ?, reprocessed_event_id = ? WHERE id = ? AND status = 'open'")) {
            c.setAutoCommit(false);
            s.setObject(1, clock.instant().atOffset(ZoneOffset.UTC));
            s.setString(2, truncate(actor, 200));
            s.setString(3, truncate(reason, 2000));
            s.setString(4, eventId);
            s.setLong(5, id);
            if (s.executeUpdate() != 1) {
                c.rollback();
                return false;
            }
            audit.append(c, AuditEntry.of(actorId, actor, "deadletter.reprocess", "dead-letter:" + id,
                    truncate(reason + " (event " + eventId + ")", 2000)));
            Database.commitDurably(c);
            LOG.info("event=deadletter.reprocessed deadLetterId={} eventId={} by={}", id, eventId, actorId);
            return true;
        } catch (SQLException e) {
            throw new HoldfastException("cannot mark dead letter " + id + " reprocessed", e);
        }
    }

    @Override
    public void recordReprocessFailure(long id, String error, String actorId, String actor, String reason) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("UPDATE dead_letter SET error = ? WHERE id = ? AND status = 'open'")) {
            c.setAutoCommit(false);
            s.setString(1, truncate(error, 2000));
            s.setLong(2, id);
            s.executeUpdate();
            audit.append(c, AuditEntry.of(actorId, actor, "deadletter.reprocess_failed", "dead-letter:" + id,
                    truncate(reason + " (still refused: " + error + ")", 2000)));
            Database.commitDurably(c);
            LOG.info("event=deadletter.reprocess_failed deadLetterId={} by={} error=\"{}\"", id, actorId, error);
        } catch (SQLException e) {
            throw new HoldfastException("cannot record the reprocessing of dead letter " + id, e);
        }
    }

    private static DeadLetterSummary summary(ResultSet rs) throws SQLException {
        OffsetDateTime resolved = rs.getObject(14, OffsetDateTime.class);
        OffsetDateTime lastSeen = rs.getObject(19, OffsetDateTime.class);
        return new DeadLetterSummary(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getInt(8), rs.getBoolean(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getString(13), resolved == null ? null : resolved.toInstant(), rs.getString(15), rs.getString(16),
                rs.getString(17), rs.getInt(18), lastSeen == null ? null : lastSeen.toInstant());
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
