package holdfast.edge.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.HoldfastException;
import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.idempotency.IdempotencyIndex;
import holdfast.edge.idempotency.Claim;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.security.Principal;
import holdfast.edge.store.Database;
import holdfast.edge.sync.ResendQueue;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import holdfast.shared.envelope.UuidV7Generator;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves reconciliations. {@code reattribute} and {@code void} first journal the follow-up event (idempotency
 * key {@code reconcile:{id}}, so a retry after a crash finds the same event instead of writing a second one),
 * then mark the reconciliation resolved and audit it in one durable transaction; {@code resend} queues the
 * original event in that same transaction; {@code accept} only closes it. Thread-safe: resolutions are
 * serialised (they are rare, and it keeps "check open, journal, resolve" free of races).
 */
final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final String nodeId;
    private final Reconciliations reconciliations;
    private final Database database;
    private final ResendQueue resends;
    private final LaneJournals journals;
    private final IdempotencyIndex index;
    private final AuditLog audit;
    private final UuidV7Generator ids;
    private final ObjectMapper mapper;
    private final Clock clock;

    public Reconciler(String nodeId, Reconciliations reconciliations, Database database, ResendQueue resends,
                      LaneJournals journals, IdempotencyIndex index, AuditLog audit, UuidV7Generator ids,
                      ObjectMapper mapper, Clock clock) {
        this.nodeId = nodeId;
        this.reconciliations = reconciliations;
        this.database = database;
        this.resends = resends;
        this.journals = journals;
        this.index = index;
        this.audit = audit;
        this.ids = ids;
        this.mapper = mapper;
        this.clock = clock;
    }

    public Optional<ReconciliationDetail> detail(long id) {
        return reconciliations.find(id).map(r -> new ReconciliationDetail(r, reconciliations.history(id),
                resends.forReconciliation(id)));
    }

    public synchronized ResolveResult resolve(long id, ResolveCommand command, Principal who) {
        Optional<Reconciliation> found = reconciliations.find(id);
        if (found.isEmpty()) {
            return new ResolveResult.NotFound(id);
        }
        Reconciliation rec = found.get();
        if (!rec.open()) {
            return new ResolveResult.NotOpen(rec);
        }
        String followUp = null;
        if (command.action() == ResolveCommand.Action.REATTRIBUTE || command.action() == ResolveCommand.Action.VOID) {
            try {
                followUp = journalFollowUp(rec, command);
            } catch (HoldfastException e) {
                return new ResolveResult.Unavailable(e.getMessage());
            }
        }
        Lane lane = Lane.fromWire(rec.lane());
        String followUpId = followUp;
        boolean resolved = database.transaction("cannot resolve reconciliation " + id, tx -> {
            if (!reconciliations.resolve(tx, id, command, who, followUpId)) {
                tx.rollback();
                return false;
            }
            if (command.action() == ResolveCommand.Action.RESEND) {
                resends.enqueue(tx, lane, rec.laneSeq(), rec.journalIndex(), rec.eventId(), id);
            }
            audit.append(tx, AuditEntry.of(who.tokenId(), who.name(),
                    "reconciliation.resolve." + command.action().wireName(), "reconciliation:" + id, command.reason()));
            return true;
        });
        if (!resolved) {
            return new ResolveResult.NotOpen(reconciliations.find(id).orElse(rec));
        }
        if (command.action() == ResolveCommand.Action.RESEND) {
            resends.committed(lane);
        }
        LOG.info("event=reconciliation.resolved reconciliationId={} action={} eventId={} followUpEventId={} by={}",
                id, command.action().wireName(), rec.eventId(), followUp, who.tokenId());
        return new ResolveResult.Resolved(detail(id).orElseThrow());
    }

    /**
     * Start-up, fed by the one pass over the lanes: a resolution journals its correction or void event before
     * the database records it, so a crash in between leaves the event (which the cloud will get) beside a
     * reconciliation still open. Each such one is completed here as the event says, audited as the node's own
     * doing, so the operator's action is wholly there rather than half.
     */
    public holdfast.edge.projection.Projection completeInterrupted() {
        java.util.Map<Long, EventEnvelope> followUps = new java.util.LinkedHashMap<>();
        return new holdfast.edge.projection.Projection() {
            @Override
            public String name() {
                return "interrupted-resolutions";
            }

            @Override
            public void replayed(JournalEntry entry) {
                EventEnvelope e = entry.event();
                if ((e.kind() == EventKind.VOID || e.kind() == EventKind.CORRECTION)
                        && e.idempotencyKey().startsWith("reconcile:")
                        && e.payload().path("reconciliationId").canConvertToLong()) {
                    followUps.put(e.payload().path("reconciliationId").asLong(), e);
                }
            }

            @Override
            public void replayDone() {
                Principal node = new Principal("node", "node (completing a resolution a restart interrupted)",
                        holdfast.edge.security.Role.ADMIN, null);
                int completed = 0;
                for (var followUp : followUps.entrySet()) {
                    Optional<Reconciliation> rec = reconciliations.find(followUp.getKey());
                    if (rec.isEmpty() || !rec.get().open()) {
                        continue;
                    }
                    EventEnvelope e = followUp.getValue();
                    boolean reattribute = e.kind() == EventKind.CORRECTION;
                    ResolveCommand command = new ResolveCommand(reattribute ? ResolveCommand.Action.REATTRIBUTE
                            : ResolveCommand.Action.VOID, e.payload().path("reason").asText(null),
                            reattribute ? e.subject().patientId() : null, reattribute ? e.subject().encounterId() : null);
                    if (resolve(followUp.getKey(), command, node) instanceof ResolveResult.Resolved) {
                        completed++;
                    }
                }
                if (completed > 0) {
                    LOG.warn("event=reconciliation.completed_after_restart count={}", completed);
                }
            }
        };
    }

    /** Journals the correction or void event (or finds the one an interrupted earlier attempt wrote). */
    private String journalFollowUp(Reconciliation rec, ResolveCommand command) {
        String key = "reconcile:" + rec.id();
        Claim.Granted claim;
        switch (index.claim(key)) {
            case Claim.Known earlier -> {
                return earlier.event().eventId();
            }
            case Claim.Pending other -> {
                return awaited(other.outcome(), Lane.fromWire(rec.lane())).eventId();
            }
            case Claim.Granted granted -> claim = granted;
        }
        boolean reattribute = command.action() == ResolveCommand.Action.REATTRIBUTE;
        Subject subject = reattribute ? rec.subject().withPatient(command.patientId(), command.encounterId())
                : rec.subject();
        ObjectNode payload = mapper.createObjectNode();
        payload.put("reconciliationId", rec.id());
        payload.put("action", command.action().wireName());
        payload.put("reason", command.reason());
        payload.put("correctsLaneSeq", rec.laneSeq());
        Lane lane = Lane.fromWire(rec.lane());
        String eventId = ids.nextString();
        EventEnvelope event = new EventEnvelope(eventId, key, EventEnvelope.SCHEMA_VERSION, lane, 0,
                reattribute ? EventKind.CORRECTION : EventKind.VOID, new Source("node", nodeId, key), eventId,
                rec.eventId(), clock.instant(), clock.instant(), subject, payload, null);
        java.util.concurrent.CompletableFuture<JournalEntry> appended;
        try {
            appended = journals.of(lane).append(event);
        } catch (RuntimeException e) {
            claim.released(e);
            throw e;
        }
        // The claim follows the append, not our patience: a late fsync after a time-out still counts.
        appended.whenComplete((entry, failure) -> {
            if (failure == null) {
                claim.journaled(entry);
            } else {
                claim.released(failure);
            }
        });
        return awaited(appended, lane).event().eventId();
    }

    private static <T> T awaited(java.util.concurrent.CompletableFuture<T> pending, Lane lane) {
        try {
            return pending.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new HoldfastException("lane " + lane.wireName() + " did not take the follow-up event: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new HoldfastException("lane " + lane.wireName() + " did not make the follow-up event durable in 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HoldfastException("interrupted while journaling a follow-up event", e);
        }
    }
}
