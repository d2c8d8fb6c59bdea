package holdfast.edge.deadletter;

import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.store.Database;
import holdfast.edge.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        OptionalLong counted = database.transaction("cannot store dead letter " + d.correlationId(), c -> {
            Optional<Long> open = Sql.first(c, "SELECT id FROM dead_letter WHERE payload_sha256 = ? AND channel = ? "
                    + "AND status = 'open' AND payload_size = ? ORDER BY id LIMIT 1", rs -> rs.getLong(1),
                    d.payloadSha256(), d.channel(), d.payloadSize());
            if (open.isEmpty() || Sql.update(c, "UPDATE dead_letter SET repeats = repeats + 1, last_seen_at = ? "
                    + "WHERE id = ? AND status = 'open'", d.receivedAt(), open.get()) != 1) {
                c.rollback(); // none, or closed in between: the input is new again
                return OptionalLong.empty();
            }
            return OptionalLong.of(open.get());
        });
        // A loop repeats for ever: each repeat is counted on the row, not logged.
        counted.ifPresent(id -> LOG.debug("event=deadletter.repeated deadLetterId={} channel={} correlationId={}", id,
                d.channel(), d.correlationId()));
        return counted;
    }

    private long insert(DeadLetter d) {
        long id = database.transaction("cannot store dead letter " + d.correlationId(), c -> Sql.insert(c,
                "INSERT INTO dead_letter (received_at, channel, source_system, correlation_id, idem_key, "
                + "payload_sha256, payload_size, content_type, error, priority, status, raw_truncated, raw, origin) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)", d.receivedAt(), d.channel(),
                truncate(d.sourceSystem(), 256), d.correlationId(), truncate(d.idempotencyKey(), 600),
                d.payloadSha256(), d.payloadSize(), truncate(d.contentType(), 64), d.error(), d.priority(), d.truncated(), d.raw(),
                truncate(d.origin(), 300)));
        LOG.warn("event=deadletter.recorded deadLetterId={} channel={} correlationId={} sha256={} size={} error=\"{}\"",
                id, d.channel(), d.correlationId(), d.payloadSha256(), d.payloadSize(), d.error());
        return id;
    }

    @Override
    public long openCount() {
        return database.read("cannot count dead letters",
                c -> Sql.count(c, "SELECT COUNT(*) FROM dead_letter WHERE status = 'open'"));
    }

    @Override
    public List<DeadLetterSummary> list(String status, int limit) {
        return database.read("cannot list dead letters", c -> Sql.list(c, "SELECT " + COLUMNS
                + " FROM dead_letter WHERE status = ? ORDER BY id DESC LIMIT ?", H2DeadLetters::summary, status,
                limit));
    }

    @Override
    public Optional<DeadLetterSummary> find(long id) {
        return database.read("cannot read dead letter " + id, c -> Sql.first(c, "SELECT " + COLUMNS
                + " FROM dead_letter WHERE id = ?", H2DeadLetters::summary, id));
    }

    @Override
    public boolean discard(long id, String actorId, String actor, String reason) {
        boolean discarded = database.transaction("cannot discard dead letter " + id, c -> {
            if (Sql.update(c, "UPDATE dead_letter SET status = 'discarded', resolved_at = ?, resolved_by = ?, "
                    + "resolution_reason = ? WHERE id = ? AND status = 'open'", clock.instant(), truncate(actor, 200),
                    truncate(reason, 2000), id) != 1) {
                c.rollback();
                return false;
            }
            audit.append(c, AuditEntry.of(actorId, actor, "deadletter.discard", "dead-letter:" + id, reason));
            return true;
        });
        if (discarded) {
            LOG.info("event=deadletter.discarded deadLetterId={} by={}", id, actorId);
        }
        return discarded;
    }

    @Override
    public Optional<StoredInput> input(long id) {
        return database.read("cannot read dead letter " + id, c -> Sql.first(c, "SELECT channel, source_system, "
                + "origin, correlation_id, idem_key, content_type, raw, raw_truncated, status FROM dead_letter "
                + "WHERE id = ?", rs -> new StoredInput(id, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getBoolean(8),
                        DeadLetterStatus.fromWire(rs.getString(9))), id));
    }

    @Override
    public boolean markReprocessed(long id, String eventId, String actorId, String actor, String reason) {
        boolean marked = database.transaction("cannot mark dead letter " + id + " reprocessed", c -> {
            if (Sql.update(c, "UPDATE dead_letter SET status = 'reprocessed', resolved_at = ?, resolved_by = ?, "
                    + "resolution_reason = ?, reprocessed_event_id = ? WHERE id = ? AND status = 'open'",
                    clock.instant(), truncate(actor, 200), truncate(reason, 2000), eventId, id) != 1) {
                c.rollback();
                return false;
            }
            audit.append(c, AuditEntry.of(actorId, actor, "deadletter.reprocess", "dead-letter:" + id,
                    truncate(reason + " (event " + eventId + ")", 2000)));
            return true;
        });
        if (marked) {
            LOG.info("event=deadletter.reprocessed deadLetterId={} eventId={} by={}", id, eventId, actorId);
        }
        return marked;
    }

    @Override
    public void recordReprocessFailure(long id, String error, String actorId, String actor, String reason) {
        database.transaction("cannot record the reprocessing of dead letter " + id, c -> {
            Sql.update(c, "UPDATE dead_letter SET error = ? WHERE id = ? AND status = 'open'",
                    truncate(error, 2000), id);
            audit.append(c, AuditEntry.of(actorId, actor, "deadletter.reprocess_failed", "dead-letter:" + id,
                    truncate(reason + " (still refused: " + error + ")", 2000)));
            return null;
        });
        LOG.info("event=deadletter.reprocess_failed deadLetterId={} by={} error=\"{}\"", id, actorId, error);
    }

    private static DeadLetterSummary summary(ResultSet rs) throws SQLException {
        return new DeadLetterSummary(rs.getLong(1), Sql.instant(rs, 2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getBoolean(9), rs.getString(10),
                rs.getString(11), rs.getString(12), DeadLetterStatus.fromWire(rs.getString(13)), Sql.instant(rs, 14),
                rs.getString(15), rs.getString(16), rs.getString(17), rs.getInt(18), Sql.instant(rs, 19));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
