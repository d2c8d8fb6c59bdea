package holdfast.edge.ingest;

import holdfast.edge.deadletter.DeadLetter;
import holdfast.edge.deadletter.DeadLetters;
import holdfast.edge.idempotency.IdempotencyIndex;
import holdfast.edge.idempotency.Claim;
import holdfast.edge.idempotency.KnownEvent;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalFullException;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.lanes.DiskGuard;
import holdfast.edge.lanes.LaneRules;
import holdfast.edge.lanes.LaneRules.LaneDecision;
import holdfast.edge.trace.Tracing;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.UuidV7Generator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every channel's input takes into the journals: lane decision, back-pressure, idempotency,
 * durable append. Channels only parse and answer. The answer future completes only once the outcome is
 * durable (the event in its journal, or the input as a dead letter). Thread-safe.
 */
public final class IngestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

    private final LaneRules rules;
    private final LaneJournals journals;
    private final IdempotencyIndex index;
    private final DiskGuard disk;
    private final DeadLetters deadLetters;
    private final UuidV7Generator ids;
    private final Clock clock;
    private final IngestListener listener;
    private final IngestHook hook;
    private final Tracing tracing;

    public IngestPipeline(LaneRules rules, LaneJournals journals, IdempotencyIndex index,
                          DiskGuard disk, DeadLetters deadLetters, UuidV7Generator ids, Clock clock,
                          IngestListener listener) {
        this(rules, journals, index, disk, deadLetters, ids, clock, listener, IngestHook.NONE);
    }

    /** @param hook projections that enrich new events and follow journaled ones (census, same-fact links) */
    public IngestPipeline(LaneRules rules, LaneJournals journals, IdempotencyIndex index,
                          DiskGuard disk, DeadLetters deadLetters, UuidV7Generator ids, Clock clock,
                          IngestListener listener, IngestHook hook) {
        this(rules, journals, index, disk, deadLetters, ids, clock, listener, hook, Tracing.OFF);
    }

    /** As above, with spans for each ingest and its durable append (see {@link Tracing}). */
    public IngestPipeline(LaneRules rules, LaneJournals journals, IdempotencyIndex index,
                          DiskGuard disk, DeadLetters deadLetters, UuidV7Generator ids, Clock clock,
                          IngestListener listener, IngestHook hook, Tracing tracing) {
        this.tracing = tracing;
        this.hook = hook;
        this.rules = rules;
        this.journals = journals;
        this.index = index;
        this.disk = disk;
        this.deadLetters = deadLetters;
        this.ids = ids;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Ingests {@code request} for a caller that does not wait: what follows the durable append (the key's claim
     * answered, the hooks, the metrics) runs on {@code after}, never on the lane's writer thread, which every
     * append of the lane waits for. The returned future completes there (or at once for a duplicate or refusal).
     */
    public CompletableFuture<IngestOutcome> ingest(IngestRequest request, Executor after) {
        Objects.requireNonNull(after, "after");
        // A closing executor must not leave the key claimed by an append that did happen: then the work runs on the
        // thread that completed the append (only while the node closes).
        return ingestOn(request, task -> {
            try {
                after.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        });
    }

    /**
     * As {@link #ingest}, for a caller that would only wait for the answer anyway (a request thread): what
     * follows the durable append runs on the calling thread, not on the lane's writer thread, which is then free
     * for its next group commit sooner.
     */
    public IngestOutcome ingestAndWait(IngestRequest request) {
        return ingestOn(request, null).join();
    }

    /** @param after where the work after the append runs; null: here, once the append is durable */
    private CompletableFuture<IngestOutcome> ingestOn(IngestRequest request, Executor after) {
        long handedAt = System.nanoTime();
        if (!tracing.enabled()) {
            return ingest(request, handedAt, Span.getInvalid(), after);
        }
        Span span = tracing.tracer().spanBuilder("ingest " + request.source().channel())
                .setAttribute("holdfast.channel", request.source().channel()).startSpan();
        try (Tracing.Mdc logs = Tracing.mdc(span)) {
            return ingest(request, handedAt, span, after).whenComplete((outcome, failure) -> {
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, failure.toString());
                } else {
                    span.setAttribute("holdfast.outcome", outcome.getClass().getSimpleName());
                }
                span.end();
            });
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.toString());
            span.end();
            throw e;
        }
    }

    private CompletableFuture<IngestOutcome> ingest(IngestRequest request, long handedAt, Span span, Executor after) {
        LaneDecision decision = rules.decide(request.laneCandidate());
        Lane lane = decision.lane();
        Optional<String> refusal = disk.refusal(lane);
        if (refusal.isPresent()) {
            listener.refused(lane);
            return CompletableFuture.completedFuture(new IngestOutcome.Refused(lane, refusal.get()));
        }
        String key = request.idempotencyKey();
        Claim.Granted claim;
        switch (index.claim(key)) {
            case Claim.Known known -> {
                return CompletableFuture.completedFuture(duplicate(known.event(), request));
            }
            case Claim.Pending pending -> {
                // Someone is ingesting this key right now: their outcome is ours.
                return pending.outcome().handle((known, failure) -> failure == null
                        ? duplicate(known, request)
                        : new IngestOutcome.Refused(lane, "the same key is being retried concurrently; try again"));
            }
            case Claim.Granted granted -> claim = granted;
        }
        EventEnvelope event;
        try {
            IngestRequest r = hook.beforeJournal(request);
            event = new EventEnvelope(ids.nextString(), key, EventEnvelope.SCHEMA_VERSION, lane, 0,
                    r.kind(), r.source(), r.correlationId(), r.causationId(),
                    r.occurredAt(), clock.instant(), r.subject(), r.payload(), r.raw());
        } catch (RuntimeException e) {
            // The key must not stay claimed: every later attempt with it would wait for an append never made.
            claim.released(e);
            throw e;
        }
        Span append = span.getSpanContext().isValid() ? tracing.tracer().spanBuilder("journal append")
                .setParent(Context.current().with(span)).setAttribute("holdfast.lane", lane.wireName())
                .setAttribute("holdfast.event_id", event.eventId()).startSpan() : Span.getInvalid();
        // Before the append: a sync worker may read the event from the journal before the append's future completes.
        tracing.remember(event.eventId(), span.getSpanContext());
        CompletableFuture<JournalEntry> appended = journals.of(lane).append(event);
        if (after != null) {
            return appended.handleAsync((entry, failure) -> afterAppend(entry, failure, append, span, claim, lane,
                    decision, request, handedAt), after);
        }
        JournalEntry entry = null;
        Throwable failure = null;
        try {
            entry = appended.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            failure = e;
        }
        return CompletableFuture.completedFuture(afterAppend(entry, failure, append, span, claim, lane, decision,
                request, handedAt));
    }

    private IngestOutcome afterAppend(JournalEntry entry, Throwable failure, Span append, Span span,
                                      Claim.Granted claim, Lane lane, LaneDecision decision,
                                      IngestRequest request, long handedAt) {
        append.end();
        try (Tracing.Mdc logs = Tracing.mdc(span)) {
            if (failure != null) {
                return refused(claim, failure, lane, request);
            }
            return accepted(claim, entry, decision, request, handedAt);
        }
    }

    private IngestOutcome refused(Claim.Granted claim, Throwable failure, Lane lane, IngestRequest request) {
        claim.released(failure);
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        listener.refused(lane);
        LOG.warn("event=ingest.refused lane={} correlationId={} reason=\"{}\"", lane.wireName(),
                request.correlationId(), cause.getMessage());
        String reason = cause instanceof JournalFullException ? cause.getMessage()
                : "lane " + lane.wireName() + " is unavailable: " + cause.getMessage();
        return new IngestOutcome.Refused(lane, reason);
    }

    private IngestOutcome accepted(Claim.Granted claim, JournalEntry entry, LaneDecision decision,
                                   IngestRequest request, long handedAt) {
        claim.journaled(entry);
        hook.journaled(entry.event());
        listener.accepted(entry.event());
        listener.durable(entry.event(), System.nanoTime() - handedAt);
        if (LOG.isDebugEnabled()) {
            LOG.debug("event=ingest.accepted eventId={} lane={} laneSeq={} rule={} correlationId={}",
                    entry.event().eventId(), entry.event().lane().wireName(), entry.event().laneSeq(),
                    decision.because(), request.correlationId());
        }
        return new IngestOutcome.Accepted(entry.event());
    }

    /**
     * The journaled event an index entry points at, read back from its lane journal (e.g. to compare the
     * content of a duplicate with the original); empty when the journal no longer holds it (retention).
     */
    public Optional<EventEnvelope> journaled(KnownEvent known) {
        try (JournalReader reader = journals.of(known.lane()).readerAt(known.journalIndex())) {
            JournalEntry entry = reader.next();
            return entry != null && entry.event().eventId().equals(known.eventId())
                    ? Optional.of(entry.event()) : Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.empty(); // no entry at that index any more (retention)
        }
    }

    /** Keeps refused input as a dead letter (durably) and says so. */
    public IngestOutcome.Invalid reject(DeadLetter deadLetter) {
        long id = deadLetters.record(deadLetter);
        listener.deadLettered(deadLetter.channel());
        hook.deadLettered(deadLetter);
        return new IngestOutcome.Invalid(id, deadLetter.error());
    }

    private IngestOutcome duplicate(KnownEvent known, IngestRequest request) {
        listener.duplicate(request.source().channel());
        LOG.debug("event=ingest.duplicate eventId={} lane={} correlationId={}", known.eventId(),
                known.lane().wireName(), request.correlationId());
        return new IngestOutcome.Duplicate(known);
    }
}
