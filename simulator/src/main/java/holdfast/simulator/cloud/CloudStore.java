package holdfast.simulator.cloud;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reference cloud's persistent store (an H2 file of its own): every accepted event once, keyed by
 * idempotency key, with how often it was received again; every disputed verdict. Judging a batch is one
 * transaction, serialised, so that two lanes can never both accept one key. Thread-safe.
 */
public final class CloudStore implements AutoCloseable {

    private final Connection connection;

    /** One accepted event's summary (never its payload). */
    public record AcceptedEvent(String eventId, String idempotencyKey, String nodeId, String lane, long laneSeq,
                                String kind, String causationId, String patientId, long duplicates) {
    }

    /** What one event's verdict was. */
    public record Verdict(String eventId, String status, String reason, Object cloud) {
    }

    public CloudStore(Path dir) throws SQLException {
        this.connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("cloud").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE", "cloud", "");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS accepted_event (event_id VARCHAR(64) PRIMARY KEY, "
                    + "idem_key VARCHAR(600) NOT NULL UNIQUE, node_id VARCHAR(64) NOT NULL, lane VARCHAR(16) NOT NULL, "
                    + "lane_seq BIGINT NOT NULL, kind VARCHAR(16) NOT NULL, causation_id VARCHAR(64), "
                    + "patient_id VARCHAR(128), duplicates BIGINT NOT NULL, accepted_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS disputed_event (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "event_id VARCHAR(64) NOT NULL, idem_key VARCHAR(600) NOT NULL, node_id VARCHAR(64) NOT NULL, "
                    + "lane VARCHAR(16) NOT NULL, lane_seq BIGINT NOT NULL, verdict VARCHAR(16) NOT NULL, "
                    + "reason VARCHAR(2000), at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        connection.setAutoCommit(false);
    }

    /** Judges a batch in order: duplicate for keys already accepted, else the census decides. */
    synchronized List<Verdict> judge(String nodeId, List<CloudEvent> events, CensusRules rules)
            throws SQLException {
        Set<String> known = acceptedKeys(events);
        Set<String> acceptedNow = new HashSet<>();
        List<Verdict> verdicts = new ArrayList<>(events.size());
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        try (PreparedStatement accept = connection.prepareStatement("INSERT INTO accepted_event (event_id, idem_key, "
                + "node_id, lane, lane_seq, kind, causation_id, patient_id, duplicates, accepted_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)");
             PreparedStatement again = connection.prepareStatement(
                     "UPDATE accepted_event SET duplicates = duplicates + 1 WHERE idem_key = ?");
             PreparedStatement dispute = connection.prepareStatement("INSERT INTO disputed_event (event_id, idem_key, "
                     + "node_id, lane, lane_seq, verdict, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CloudEvent e : events) {
                if (known.contains(e.idempotencyKey()) || acceptedNow.contains(e.idempotencyKey())) {
                    again.setString(1, e.idempotencyKey());
                    again.addBatch();
                    verdicts.add(new Verdict(e.eventId(), "duplicate", null, null));
                    continue;
                }
                CensusRules.Judgement j = rules.judge(e);
                if (j.accepted()) {
                    acceptedNow.add(e.idempotencyKey());
                    accept.setString(1, e.eventId());
                    accept.setString(2, e.idempotencyKey());
                    accept.setString(3, nodeId);
                    accept.setString(4, e.lane());
                    accept.setLong(5, e.laneSeq());
                    accept.setString(6, e.kind());
                    accept.setString(7, e.causationId());
                    accept.setString(8, e.patientId());
                    accept.setObject(9, now);
                    accept.addBatch();
                } else {
                    dispute.setString(1, e.eventId());
                    dispute.setString(2, e.idempotencyKey());
                    dispute.setString(3, nodeId);
                    dispute.setString(4, e.lane());
                    dispute.setLong(5, e.laneSeq());
                    dispute.setString(6, j.status());
                    dispute.setString(7, j.reason());
                    dispute.setObject(8, now);
                    dispute.addBatch();
                }
                verdicts.add(new Verdict(e.eventId(), j.status(), j.reason(), j.cloud()));
            }
            accept.executeBatch();
            again.executeBatch();
            dispute.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        return verdicts;
    }

    private Set<String> acceptedKeys(List<CloudEvent> events) throws SQLException {
        Set<String> found = new HashSet<>();
        // One indexed lookup per key: H2 does not use the index for "= ANY(array)", which made every batch a
        // scan of the whole table.
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM accepted_event WHERE idem_key = ?")) {
            for (CloudEvent e : events) {
                s.setString(1, e.idempotencyKey());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        found.add(e.idempotencyKey());
                    }
                }
            }
        }
        return found;
    }

    /** The highest laneSeq received from {@code nodeId} in {@code lane}, accepted or disputed; 0 when none. */
    synchronized long highestSeq(String nodeId, String lane) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT GREATEST("
                + "COALESCE((SELECT MAX(lane_seq) FROM accepted_event WHERE node_id = ? AND lane = ?), 0), "
                + "COALESCE((SELECT MAX(lane_seq) FROM disputed_event WHERE node_id = ? AND lane = ?), 0))")) {
            s.setString(1, nodeId);
            s.setString(2, lane);
            s.setString(3, nodeId);
            s.setString(4, lane);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long seq = rs.getLong(1);
                connection.commit();
                return seq;
            }
        }
    }

    /**
     * Every laneSeq stored for more than one event of a node's lane ({@code node/lane/laneSeq}): a node that
     * handed a laneSeq out twice (contract §5 says never). Empty when all is well.
     */
    public synchronized List<String> reusedLaneSeqs() {
        String sql = "SELECT node_id, lane, lane_seq FROM (SELECT node_id, lane, lane_seq, event_id FROM accepted_event "
                + "UNION SELECT node_id, lane, lane_seq, event_id FROM disputed_event) GROUP BY node_id, lane, lane_seq "
                + "HAVING COUNT(DISTINCT event_id) > 1 ORDER BY node_id, lane, lane_seq";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getLong(3));
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read laneSeqs", e);
        }
    }

    /**
     * Accepted events from the ward: neither the nodes' canaries ({@link #canaryCount()}) nor their reports about
     * themselves, the operator alerts a node raises and clears during an outage ({@link #opsCount()}).
     */
    public synchronized long acceptedCount() {
        return count("SELECT COUNT(*) FROM accepted_event WHERE kind NOT IN ('canary', 'ops')");
    }

    /** Accepted operator-alert events: a node telling the platform about its own health. */
    public synchronized long opsCount() {
        return count("SELECT COUNT(*) FROM accepted_event WHERE kind = 'ops'");
    }

    /** Accepted canaries: the nodes' synthetic end-to-end probes, never clinical data. */
    public synchronized long canaryCount() {
        return count("SELECT COUNT(*) FROM accepted_event WHERE kind = 'canary'");
    }

    public synchronized long duplicateCount() {
        return count("SELECT COALESCE(SUM(duplicates), 0) FROM accepted_event");
    }

    public synchronized long disputedCount() {
        return count("SELECT COUNT(*) FROM disputed_event");
    }

    /** Accepted events, by lane then laneSeq; {@code kind} null for all. */
    public synchronized List<AcceptedEvent> accepted(String kind) {
        String sql = "SELECT * FROM accepted_event" + (kind == null ? "" : " WHERE kind = ?") + " ORDER BY lane, lane_seq";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (kind != null) {
                s.setString(1, kind);
            }
            List<AcceptedEvent> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AcceptedEvent(rs.getString("event_id"), rs.getString("idem_key"),
                            rs.getString("node_id"), rs.getString("lane"), rs.getLong("lane_seq"), rs.getString("kind"),
                            rs.getString("causation_id"), rs.getString("patient_id"), rs.getLong("duplicates")));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read accepted events", e);
        }
    }

    /** How often this event id was received and accepted (1 + duplicates), 0 if never accepted. */
    public synchronized long receivedCount(String eventId) {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT duplicates FROM accepted_event WHERE event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                long n = rs.next() ? 1 + rs.getLong(1) : 0;
                connection.commit();
                return n;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read event " + eventId, e);
        }
    }

    /** Disputed verdicts given for one event id, oldest first. */
    public synchronized List<String> disputes(String eventId) {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT verdict FROM disputed_event WHERE event_id = ? ORDER BY id")) {
            s.setString(1, eventId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read disputes of " + eventId, e);
        }
    }

    private long count(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            connection.commit();
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count", e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SHUTDOWN");
        } finally {
            connection.close();
        }
    }
}
