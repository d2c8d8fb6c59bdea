package holdfast.edge.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.security.Principal;
import holdfast.edge.store.Database;
import holdfast.edge.store.Sql;
import holdfast.edge.sync.Dispute;
import holdfast.edge.sync.DisputeRecorder;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Subject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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
        for (Dispute d : disputes) {
            EventEnvelope e = d.event();
            Subject subject = e.subject();
            long id = Sql.insert(tx, "INSERT INTO reconciliation (event_id, idem_key, lane, lane_seq, journal_index, "
                    + "kind, patient_id, encounter_id, ward, bed, device_id, verdict, reason, cloud_view, status, "
                    + "opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)", e.eventId(),
                    e.idempotencyKey(), e.lane().wireName(), e.laneSeq(), d.journalIndex(), e.kind().wireName(),
                    subject.patientId(), subject.encounterId(), subject.ward(), subject.bed(), subject.deviceId(),
                    d.verdict().wireName(), truncate(d.reason(), 2000),
                    d.cloud() == null ? null : truncate(d.cloud().toString(), 8000), clock.instant());
            addHistory(tx, id, "opened", "upstream", d.verdict().wireName());
        }
    }

    @Override
    public boolean hasOpen(Connection tx, String eventId) throws SQLException {
        return Sql.first(tx, "SELECT 1 FROM reconciliation WHERE event_id = ? AND status = 'open' "
                + "FETCH FIRST 1 ROWS ONLY", rs -> true, eventId).isPresent();
    }

    @Override
    public long oldestOpenIndex(Lane lane) {
        Long oldest = database.read("cannot read open reconciliations", c -> Sql.first(c,
                "SELECT MIN(journal_index) FROM reconciliation WHERE lane = ? AND status = 'open'",
                rs -> Sql.nullableLong(rs, 1), lane.wireName()).orElse(null));
        return oldest == null ? Long.MAX_VALUE : oldest;
    }

    @Override
    public long openCount() {
        return database.read("cannot count reconciliations",
                c -> Sql.count(c, "SELECT COUNT(*) FROM reconciliation WHERE status = 'open'"));
    }

    @Override
    public List<Reconciliation> list(String status, int limit) {
        return database.read("cannot list reconciliations", c -> Sql.list(c, "SELECT * FROM reconciliation"
                + (status == null ? "" : " WHERE status = ?") + " ORDER BY id DESC LIMIT ?", this::read,
                status == null ? new Object[] {limit} : new Object[] {status, limit}));
    }

    @Override
    public Optional<Reconciliation> find(long id) {
        return database.read("cannot read reconciliation " + id,
                c -> Sql.first(c, "SELECT * FROM reconciliation WHERE id = ?", this::read, id));
    }

    @Override
    public List<ReconciliationDetail.HistoryEntry> history(long id) {
        return database.read("cannot read the history of reconciliation " + id, c -> Sql.list(c,
                "SELECT at, action, actor, detail FROM reconciliation_history WHERE reconciliation_id = ? ORDER BY id",
                rs -> new ReconciliationDetail.HistoryEntry(Sql.instant(rs, 1), rs.getString(2), rs.getString(3),
                        rs.getString(4)), id));
    }

    @Override
    public boolean resolve(Connection tx, long id, ResolveCommand command, Principal who, String followUpEventId)
            throws SQLException {
        if (Sql.update(tx, "UPDATE reconciliation SET status = 'resolved', resolution = ?, resolved_by = ?, "
                + "resolved_at = ?, resolution_reason = ?, follow_up_event_id = ? WHERE id = ? AND status = 'open'",
                command.action().wireName(), who.name(), clock.instant(), command.reason(), followUpEventId, id) == 0) {
            return false;
        }
        addHistory(tx, id, "resolved:" + command.action().wireName(), who.name(), command.reason());
        return true;
    }

    private void addHistory(Connection tx, long id, String action, String actor, String detail) throws SQLException {
        Sql.update(tx, "INSERT INTO reconciliation_history (reconciliation_id, at, action, actor, detail) "
                + "VALUES (?, ?, ?, ?, ?)", id, clock.instant(), action, actor, truncate(detail, 2000));
    }

    private Reconciliation read(ResultSet rs) throws SQLException {
        return new Reconciliation(rs.getLong("id"), rs.getString("event_id"), rs.getString("idem_key"),
                rs.getString("lane"), rs.getLong("lane_seq"), rs.getLong("journal_index"), rs.getString("kind"),
                new Subject(rs.getString("patient_id"), rs.getString("encounter_id"), rs.getString("ward"),
                        rs.getString("bed"), rs.getString("device_id")),
                rs.getString("verdict"), rs.getString("reason"), cloudView(rs.getString("cloud_view")),
                rs.getString("status"), Sql.instant(rs, "opened_at"),
                rs.getString("resolution"), rs.getString("resolved_by"),
                Sql.instant(rs, "resolved_at"), rs.getString("resolution_reason"),
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

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
