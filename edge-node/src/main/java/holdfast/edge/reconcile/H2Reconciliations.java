package holdfast.edge.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.HoldfastException;
import holdfast.edge.security.Principal;
import holdfast.edge.store.Database;
import holdfast.edge.sync.Dispute;
import holdfast.edge.sync.DisputeRecorder;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Subject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reconciliations in H2 ({@code reconciliation}, {@code reconciliation_history}). Opened by the sync workers
 * inside their answer's transaction (as the node's {@link DisputeRecorder}); resolved by {@link Reconciler}.
 * Rows are never deleted. Thread-safe (a connection per call, or the caller's transaction).
 */
public final class H2Reconciliations implements Reconciliations, DisputeRecorder {

    private final Database database;
    private final ObjectMapper mapper;
    private final Clock clock;

    public H2Reconciliations(Database database, ObjectMapper mapper, Clock clock) {
        this.database = database;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public void record(Connection tx, List<Dispute> disputes) throws SQLException {
        if (disputes.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO reconciliation (event_id, idem_key, lane, lane_seq, journal_index, kind, patient_id, "
                + "encounter_id, ward, bed, device_id, verdict, reason, cloud_view, status, opened_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)";
        try (PreparedStatement s = tx.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (Dispute d : disputes) {
                EventEnvelope e = d.event();
                Subject subject = e.subject();
                s.setString(1, e.eventId());
                s.setString(2, e.idempotencyKey());
                s.setString(3, e.lane().wireName());
                s.setLong(4, e.laneSeq());
                s.setLong(5, d.journalIndex());
                s.setString(6, e.kind().wireName());
                s.setString(7, subject.patientId());
                s.setString(8, subject.encounterId());
                s.setString(9, subject.ward());
                s.setString(10, subject.bed());
                s.setString(11, subject.deviceId());
                s.setString(12, d.verdict().wireName());
                s.setString(13, truncate(d.reason(), 2000));
                s.setString(14, d.cloud() == null ? null : truncate(d.cloud().toString(), 8000));
                s.setObject(15, now());
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    addHistory(tx, keys.getLong(1), "opened", "upstream", d.verdict().wireName());
                }
            }
        }
    }

    @Override
    public boolean hasOpen(Connection tx, String eventId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "SELECT 1 FROM reconciliation WHERE event_id = ? AND status = 'open' FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public long oldestOpenIndex(Lane lane) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT MIN(journal_index) FROM reconciliation WHERE lane = ? AND status = 'open'")) {
            s.setString(1, lane.wireName());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Long.MAX_VALUE : v;
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot read open reconciliations", e);
        }
    }

    @Override
    public long openCount() {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM reconciliation WHERE status = 'open'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new HoldfastException("cannot count reconciliations", e);
        }
    }

    @Override
    public List<Reconciliation> list(String status, int limit) {
        String sql = "SELECT * FROM reconciliation" + (status == null ? "" : " WHERE status = ?")
                + " ORDER BY id DESC LIMIT ?";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (status != null) {
                s.setString(i++, status);
            }
            s.setInt(i, limit);
            List<Reconciliation> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new HoldfastException("cannot list reconciliations", e);
        }
    }

    @Override
    public Optional<Reconciliation> find(long id) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT * FROM reconciliation WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new HoldfastException("cannot read reconciliation " + id, e);
        }
    }

    @Override
    public List<ReconciliationDetail.HistoryEntry> history(long id) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT at, action, actor, detail FROM reconciliation_history WHERE reconciliation_id = ? ORDER BY id")) {
            s.setLong(1, id);
            List<ReconciliationDetail.HistoryEntry> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReconciliationDetail.HistoryEntry(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new HoldfastException("cannot read the history of reconciliation " + id, e);
        }
    }

    @Override
    public boolean resolve(Connection tx, long id, ResolveCommand command, Principal who, String followUpEventId)
            throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("UPDATE reconciliation SET status = 'resolved', resolution = ?, "
                + "resolved_by = ?, resolved_at = ?, resolution_reason = ?, follow_up_event_id = ? "
                + "WHERE id = ? AND status = 'open'")) {
            s.setString(1, command.action().wireName());
            s.setString(2, who.name());
            s.setObject(3, now());
            s.setString(4, command.reason());
            s.setString(5, followUpEventId);
            s.setLong(6, id);
            if (s.executeUpdate() == 0) {
                return false;
            }
        }
        addHistory(tx, id, "resolved:" + command.action().wireName(), who.name(), command.reason());
        return true;
    }

    private void addHistory(Connection tx, long id, String action, String actor, String detail) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO reconciliation_history (reconciliation_id, at, "
                + "action, actor, detail) VALUES (?, ?, ?, ?, ?)")) {
            s.setLong(1, id);
            s.setObject(2, now());
            s.setString(3, action);
            s.setString(4, actor);
            s.setString(5, truncate(detail, 2000));
            s.executeUpdate();
        }
    }

    private Reconciliation read(ResultSet rs) throws SQLException {
        OffsetDateTime resolvedAt = rs.getObject("resolved_at", OffsetDateTime.class);
        return new Reconciliation(rs.getLong("id"), rs.getString("event_id"), rs.getString("idem_key"),
                rs.getString("lane"), rs.getLong("lane_seq"), rs.getLong("journal_index"), rs.getString("kind"),
                new Subject(rs.getString("patient_id"), rs.getString("encounter_id"), rs.getString("ward"),
                        rs.getString("bed"), rs.getString("device_id")),
                rs.getString("verdict"), rs.getString("reason"), cloudView(rs.getString("cloud_view")),
                rs.getString("status"), rs.getObject("opened_at", OffsetDateTime.class).toInstant(),
                rs.getString("resolution"), rs.getString("resolved_by"),
                resolvedAt == null ? null : resolvedAt.toInstant(), rs.getString("resolution_reason"),
                rs.getString("follow_up_event_id"));
    }

    private JsonNode cloudView(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            return mapper.getNodeFactory().textNode(json); // truncated beyond 8000 characters: keep it as text
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
