package holdfast.edge.sync;

import holdfast.edge.journal.Journal;
import holdfast.edge.threads.Backoff;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.threads.ThreadFailures;
import holdfast.edge.trace.Tracing;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.Lane;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one lane upstream on its own thread: pending resends first, then an admin replay pass, then new
 * journal entries in journal order. A batch is sent only after the previous one was answered; the cursor
 * moves only after the cloud answered for those events, in the transaction that opens their reconciliations.
 * Batches are cut by count and bytes and split on 413/400 down to a single event.
 *
 * <p>Thread-safety: {@link #run} on the worker's own thread only; {@link #syncedSeq()}, {@link #syncedIndex()}
 * and {@link #hasBacklog()} from any thread.
 */
final class LaneWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LaneWorker.class);

    private final Lane lane;
    private final Journal journal;
    private final Upstream upstream;
    private final Collaborators with;
    private final Backoff backoff;
    private final Backoff settleBackoff;
    private final List<Item> pending = new ArrayList<>();
    private volatile SyncStore.Cursor cursor;
    private volatile boolean replayRequested = true;
    private volatile LaneSeqMap seqs;
    private long nextSettleAt;
    private JournalReader reader;
    private JournalEntry held;
    private Item lookahead;
    private ReplayPass replay;

    /** What every lane worker shares. */
    record Collaborators(SyncSettings settings, SyncStore store, ResendQueue resends, DisputeRecorder disputes,
                         UpstreamLink link, LaneScheduler scheduler, DrainRate rate, EnvelopeCodec codec,
                         SendRate sent, SyncTimings timings, java.time.Clock clock, Tracing tracing,
                         ThreadFailures failures) {
    }

    /** An event on its way: the journal entry, its JSON as sent, and the resend request it answers (0: none). */
    record Item(JournalEntry entry, byte[] json, long resendId) {
    }

    LaneWorker(Lane lane, Journal journal, Upstream upstream, Collaborators with) {
        this.lane = lane;
        this.journal = journal;
        this.upstream = upstream;
        this.with = with;
        this.backoff = new Backoff(with.settings().backoffInitial(), with.settings().backoffMax());
        this.settleBackoff = new Backoff(with.settings().backoffInitial(), with.settings().backoffMax());
        this.seqs = new LaneSeqMap(journal.restores());
        SyncStore.Cursor saved = with.store().cursor(lane);
        // A crash between a restore's jump and saving the cursor past it leaves the cursor at the restored end.
        this.cursor = new SyncStore.Cursor(seqs.cursorAfter(saved.seq()), saved.index());
    }

    long syncedSeq() {
        return cursor.seq();
    }

    long syncedIndex() {
        return cursor.index();
    }

    boolean hasBacklog() {
        return journal.lastSeq() > cursor.seq() || with.resends().hasPending(lane);
    }

    /** What the lane scheduler reads of this lane. */
    LaneScheduler.LaneView view() {
        return new LaneScheduler.LaneView() {
            @Override
            public boolean hasBacklog() {
                return LaneWorker.this.hasBacklog();
            }

            @Override
            public long appendedSeq() {
                return journal.lastSeq();
            }

            @Override
            public long syncedSeq() {
                return cursor.seq();
            }
        };
    }

    void replayRequested() {
        replayRequested = true;
    }

    @Override
    public void run() {
        UpstreamLink link = with.link();
        try {
            while (!link.closed()) {
                try {
                    step();
                } catch (RuntimeException e) {
                    // Top of the worker: report it, show it, back off, carry on; the lane must not stop for good.
                    with.failures().failed("sync-" + lane.wireName(), e);
                    link.failed("sync worker error on lane " + lane.wireName() + ": " + e.getMessage());
                    closeReaders();
                    link.pause(backoff.next());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeReaders();
        }
    }

    private void step() throws InterruptedException {
        with.link().awaitAuthorized();
        if (seqs.pending() && System.nanoTime() - nextSettleAt >= 0) {
            settle();
        }
        if (with.resends().hasPending(lane)) {
            List<ResendQueue.Resend> resends = with.resends().next(lane, with.settings().batchMaxEvents());
            if (!resends.isEmpty()) {
                deliver(resendItems(resends), Pass.RESEND);
                return;
            }
        }
        if (replayRequested || replay != null) {
            if (replay == null) {
                replayRequested = false;
                replay = with.store().openReplay(lane).map(r -> new ReplayPass(r, journal)).orElse(null);
            }
            if (replay != null) {
                replayStep();
                return;
            }
        }
        fill();
        if (pending.isEmpty()) {
            idle();
            return;
        }
        with.scheduler().awaitTurn(lane, with.link());
        with.rate().acquire(pending.size(), with.link());
        List<Item> batch = List.copyOf(pending);
        if (deliver(batch, Pass.JOURNAL)) {
            pending.clear();
        }
    }

    /**
     * A restored lane: asks the cloud for the highest laneSeq it holds of this lane and has the journal continue
     * above it, before anything journaled after the restore is sent. Until the cloud answers, ingest goes on and
     * those events wait; what the backup held is sent meanwhile (the cloud answers {@code duplicate} where it has it).
     */
    private void settle() throws InterruptedException {
        long restoredSeq = journal.restores().pending().afterSeq();
        CloudLaneSeq answer = upstream.highestSeq(lane);
        long shift;
        switch (answer) {
            case CloudLaneSeq.Known known -> shift = Math.max(0, known.seq() - restoredSeq);
            case CloudLaneSeq.NotKept notKept -> {
                LOG.warn("event=sync.restore_unchecked lane={} restoredSeq={} reason=\"{}\"", lane.wireName(),
                        restoredSeq, notKept.reason());
                shift = 0;
            }
            case CloudLaneSeq.Unanswered unanswered -> {
                java.time.Duration wait = settleBackoff.next();
                nextSettleAt = System.nanoTime() + wait.toNanos();
                LOG.info("event=sync.restore_unsettled lane={} restoredSeq={} retryInMs={} reason=\"{}\"",
                        lane.wireName(), restoredSeq, wait.toMillis(), unanswered.reason());
                return;
            }
        }
        long heldBack = journal.lastSeq() - restoredSeq;
        LaneSeqMap settled = new LaneSeqMap(journal.settleRestore(shift));
        seqs = settled;
        SyncStore.Cursor at = cursor;
        long moved = settled.cursorAfter(at.seq());
        if (moved != at.seq()) {
            // Synced up to the restored end: the numbers jumped over are the cloud's, so nothing is owed for them.
            SyncStore.Cursor next = new SyncStore.Cursor(moved, at.index());
            with.store().commit(tx -> with.store().saveCursor(tx, lane, next));
            cursor = next;
        }
        LOG.info("event=sync.restore_settled lane={} restoredSeq={} cloudSeq={} shift={} heldBack={}", lane.wireName(),
                restoredSeq, answer instanceof CloudLaneSeq.Known k ? k.seq() : -1, shift, heldBack);
    }

    /** An entry as sent: its laneSeq moved up when it was journaled between a restore and the lane's jump. */
    Item item(JournalEntry entry, long resendId) {
        LaneSeqMap map = seqs;
        long seq = entry.event().laneSeq();
        byte[] json = map.moves(seq) ? with.codec().encode(entry.event().placedAt(lane, map.wire(seq)))
                : entry.json(with.codec());
        return new Item(entry, json, resendId);
    }

    private JournalEntry nextEntry() {
        JournalEntry next = held;
        if (next != null) {
            held = null;
            return next;
        }
        return reader.next();
    }

    private void fill() {
        if (reader == null) {
            reader = journal.readerAfter(cursor.index());
        }
        int bytes = pending.stream().mapToInt(i -> i.json().length).sum();
        if (lookahead != null && pending.isEmpty()) {
            pending.add(lookahead);
            bytes += lookahead.json().length;
            lookahead = null;
        }
        while (lookahead == null && pending.size() < with.settings().batchMaxEvents()) {
            JournalEntry entry = nextEntry();
            if (entry == null) {
                return;
            }
            if (seqs.held(entry.event().laneSeq())) {
                held = entry; // journaled after a restore the cloud has not told us about yet
                return;
            }
            Item item = item(entry, 0);
            if (!pending.isEmpty() && bytes + item.json().length > with.settings().batchMaxBytes()) {
                lookahead = item;
                return;
            }
            pending.add(item);
            bytes += item.json().length;
        }
    }

    private void idle() throws InterruptedException {
        // Whether the cloud still answers is the LinkProbe's question, not an idle lane's.
        with.link().pause(with.settings().idlePoll());
    }

    private void replayStep() throws InterruptedException {
        ReplayPass.Chunk chunk = replay.next(with.settings(), this::item, cursor.seq());
        if (!chunk.items().isEmpty()) {
            with.scheduler().awaitTurn(lane, with.link());
            with.rate().acquire(chunk.items().size(), with.link());
            if (!deliver(chunk.items(), Pass.REPLAY)) {
                return;
            }
        }
        replay.advance(chunk);
        ReplayPass done = replay;
        with.store().commit(tx -> with.store().replayProgress(tx, done.id(), done.nextSeq(), done.sent(),
                chunk.finished()));
        if (chunk.finished()) {
            LOG.info("event=sync.replay_finished lane={} replayId={} sent={}", lane.wireName(), done.id(), done.sent());
            replay.close();
            replay = null;
            replayRequested = true; // another one may be queued behind it
        }
    }

    private List<Item> resendItems(List<ResendQueue.Resend> resends) {
        List<Item> items = new ArrayList<>(resends.size());
        for (ResendQueue.Resend r : resends) {
            try (JournalReader at = journal.readerAt(r.journalIndex())) {
                JournalEntry entry = at.next();
                if (entry == null || !entry.event().eventId().equals(r.eventId())) {
                    throw new IllegalStateException("resend " + r.id() + ": event " + r.eventId()
                            + " is not at its journal index any more");
                }
                items.add(item(entry, r.id()));
            }
        }
        return items;
    }

    /** Sends until every item is answered; false when the worker is stopping first. */
    private boolean deliver(List<Item> items, Pass pass) throws InterruptedException {
        Delivery delivery = new Delivery(lane, upstream, with.link(), backoff,
                () -> with.scheduler().awaitClear(lane, with.link()), pass != Pass.JOURNAL);
        Span batch = batchSpan(items, pass);
        try (Scope current = batch.makeCurrent(); Tracing.Mdc logs = Tracing.mdc(batch)) {
            return delivery.run(items, (chunk, verdicts) -> answered(chunk, verdicts, pass));
        } finally {
            batch.end();
        }
    }

    /** One span per batch, until every event in it is answered, linked to the span each event was ingested in. */
    private Span batchSpan(List<Item> items, Pass pass) {
        if (!with.tracing().enabled()) {
            return Span.getInvalid();
        }
        SpanBuilder span = with.tracing().tracer().spanBuilder("sync batch " + lane.wireName())
                .setNoParent().setAttribute("holdfast.lane", lane.wireName())
                .setAttribute("holdfast.pass", pass.name().toLowerCase(java.util.Locale.ROOT))
                .setAttribute("holdfast.events", items.size());
        for (Item item : items) {
            with.tracing().ingestOf(item.entry().event().eventId()).ifPresent(span::addLink);
        }
        return span.startSpan();
    }

    private void answered(List<Item> chunk, List<EventResult> verdicts, Pass pass) {
        List<Dispute> disputes = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            EventResult r = verdicts.get(i);
            if (r.verdict().disputed()) {
                Item item = chunk.get(i);
                long seq = item.entry().event().laneSeq();
                disputes.add(new Dispute(seqs.moves(seq) ? item.entry().event().placedAt(lane, seqs.wire(seq))
                        : item.entry().event(), item.entry().index(), r.verdict(), r.reason(), r.cloud()));
            }
        }
        Item last = chunk.get(chunk.size() - 1);
        SyncStore.Cursor next = new SyncStore.Cursor(seqs.cursorAfter(last.entry().event().laneSeq()),
                last.entry().index());
        with.store().commit(tx -> {
            switch (pass) {
                case JOURNAL -> with.store().saveCursor(tx, lane, next);
                case RESEND -> {
                    for (int i = 0; i < chunk.size(); i++) {
                        with.resends().answered(tx, chunk.get(i).resendId(), verdicts.get(i).verdict().wireName());
                    }
                }
                case REPLAY -> replay.answered(chunk.size());
            }
            with.disputes().record(tx, disputes);
        });
        if (pass == Pass.JOURNAL) {
            cursor = next;
            java.time.Instant now = with.clock().instant();
            for (Item item : chunk) {
                with.timings().synced(lane, java.time.Duration.between(item.entry().event().receivedAt(), now));
            }
        }
        with.sent().record(chunk.size());
        if (!disputes.isEmpty()) {
            LOG.info("event=sync.disputed lane={} pass={} count={} firstSeq={}", lane.wireName(), pass, disputes.size(),
                    disputes.get(0).event().laneSeq());
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("event=sync.answered lane={} pass={} count={} lastSeq={}", lane.wireName(), pass, chunk.size(),
                    last.entry().event().laneSeq());
        }
    }

    private void closeReaders() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        pending.clear();
        lookahead = null;
        held = null;
        if (replay != null) {
            replay.close();
            replay = null;
            replayRequested = true;
        }
    }

    /** Which stream a batch came from: what its answer moves. */
    enum Pass { JOURNAL, RESEND, REPLAY }
}
