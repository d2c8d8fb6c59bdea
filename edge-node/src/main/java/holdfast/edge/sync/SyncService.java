package holdfast.edge.sync;

import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.store.Database;
import holdfast.edge.threads.ThreadFailures;
import holdfast.edge.trace.Tracing;
import holdfast.shared.api.UpstreamStatus;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.Lane;
import io.helidon.faulttolerance.CircuitBreaker;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward: one {@link LaneWorker} per lane, each on its own thread with its own connection, sharing
 * the link state, circuit breaker, lane priority and drain rate; plus journal retention. With no upstream
 * configured no worker runs and the cursors stay where they are. Thread-safe.
 */
public final class SyncService implements SyncProgress, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    static final String PROBE_THREAD = "sync-probe";
    private static final String RETENTION_THREAD = "journal-retention";

    private final SyncSettings settings;
    private final LaneJournals journals;
    private final SyncStore store;
    private final ResendQueue resends;
    private final DisputeRecorder disputes;
    private final AuditLog audit;
    private final UpstreamLink link;
    private final LaneScheduler scheduler;
    private final SendRate sendRate = new SendRate(System::nanoTime);
    private final Clock clock;
    private final CloudClock cloudClock;
    private final Map<Lane, LaneWorker> workers = new EnumMap<>(Lane.class);
    private final Map<Lane, Thread> threads = new EnumMap<>(Lane.class);
    private final java.util.List<Upstream> upstreams = new java.util.ArrayList<>();
    private final Thread retention;
    private final ThreadFailures failures;
    private final Thread probe;
    private boolean started; // guarded by this

    private SyncService(SyncSettings settings, String nodeId, LaneJournals journals, Database database,
                        ResendQueue resends, DisputeRecorder disputes, AuditLog audit, EnvelopeCodec codec,
                        Clock clock, UpstreamFactory sink, SyncTimings timings, Tracing tracing,
                        ThreadFailures failures) {
        this.failures = failures;
        this.settings = settings;
        this.journals = journals;
        this.store = new SyncStore(database, clock);
        this.resends = resends;
        this.disputes = disputes;
        this.audit = audit;
        this.clock = clock;
        this.cloudClock = new CloudClock(clock);
        CircuitBreaker breaker = HttpUpstream.breaker(settings);
        this.scheduler = new LaneScheduler(settings.lowerLaneMaxWait(), System::nanoTime);
        this.link = new UpstreamLink(clock, settings.authRetryInterval(), breaker, scheduler::linkReturned);
        LaneWorker.Collaborators with = new LaneWorker.Collaborators(settings, store, resends, disputes, link,
                scheduler, new DrainRate(settings.drainMaxEventsPerSecond()), codec, sendRate, timings, clock, tracing,
                failures);
        ReplyClassifier classifier = new ReplyClassifier(codec.mapper());
        for (Lane lane : Lane.values()) {
            // No upstream: no HTTP client either (each would hold a selector thread for nothing).
            Upstream upstream = !settings.configured() ? new Unconfigured() : new TimedUpstream(
                    sink != null ? sink.open(lane, breaker)
                            : new HttpUpstream(settings, nodeId, breaker, classifier, cloudClock),
                    timings, tracing);
            upstreams.add(upstream);
            LaneWorker worker = new LaneWorker(lane, journals.of(lane), upstream, with);
            workers.put(lane, worker);
            scheduler.register(lane, worker.view());
        }
        this.retention = failures.platform(RETENTION_THREAD).unstarted(this::retentionLoop);
        // The probe has its own connection: a lane's hung request never delays noticing the cloud's return.
        Upstream probeUpstream = !settings.configured() ? new Unconfigured()
                : sink != null ? sink.openProbe(breaker) : new HttpUpstream(settings, nodeId, breaker, classifier, cloudClock);
        upstreams.add(probeUpstream);
        this.probe = failures.platform(PROBE_THREAD).unstarted(new LinkProbe(probeUpstream, link,
                settings.reconnectProbeInterval(), settings.probeInterval(), failures));
    }

    /** Builds the service: nothing is sent until {@link #start()}. */
    public static SyncService build(SyncSettings settings, String nodeId, LaneJournals journals, Database database,
                                    ResendQueue resends, DisputeRecorder disputes, AuditLog audit,
                                    EnvelopeCodec codec, Clock clock) {
        return build(settings, nodeId, journals, database, resends, disputes, audit, codec, clock, null);
    }

    /** As above, sending through {@code sink} (null: the HTTP batch protocol). */
    public static SyncService build(SyncSettings settings, String nodeId, LaneJournals journals, Database database,
                                    ResendQueue resends, DisputeRecorder disputes, AuditLog audit,
                                    EnvelopeCodec codec, Clock clock, UpstreamFactory sink) {
        return build(settings, nodeId, journals, database, resends, disputes, audit, codec, clock, sink,
                SyncTimings.NONE, Tracing.OFF, ThreadFailures.unexposed());
    }

    /**
     * As above, telling {@code timings} how long each upstream call and each event's way to the cloud took, with
     * spans for each sync batch (linked to its events' ingest spans) and upstream call; its threads report their
     * failures to {@code failures}.
     */
    public static SyncService build(SyncSettings settings, String nodeId, LaneJournals journals, Database database,
                                    ResendQueue resends, DisputeRecorder disputes, AuditLog audit,
                                    EnvelopeCodec codec, Clock clock, UpstreamFactory sink, SyncTimings timings,
                                    Tracing tracing, ThreadFailures failures) {
        return new SyncService(settings, nodeId, journals, database, resends, disputes, audit, codec, clock, sink,
                timings, tracing, failures);
    }

    /**
     * When an upstream is configured, starts the link probe, one worker per lane and retention; with none, nothing
     * runs. Call once the start-up passes have put the node's state right: from here on the lanes are sent.
     */
    public synchronized void start() {
        if (!settings.configured() || started || link.closed()) {
            return;
        }
        started = true;
        probe.start();
        workers.forEach((lane, worker) -> threads.put(lane, failures.platform("sync-" + lane.wireName()).start(worker)));
        if (!settings.retentionPeriod().isZero()) {
            retention.start();
        }
        LOG.info("event=sync.started url={} lanes={}", settings.url(), threads.keySet());
    }

    @Override
    public long syncedSeq(Lane lane) {
        return workers.get(lane).syncedSeq();
    }

    @Override
    public long syncedIndex(Lane lane) {
        return workers.get(lane).syncedIndex();
    }

    @Override
    public UpstreamStatus upstream() {
        return settings.configured() ? link.status() : new UpstreamStatus("NOT_CONFIGURED", null, null);
    }

    /** The node's clock against the cloud's, from the HTTP upstream's answers (never measured with Kafka). */
    public CloudClock cloudClock() {
        return cloudClock;
    }

    @Override
    public boolean reachable() {
        return settings.configured() && link.connected();
    }

    @Override
    public boolean draining() {
        return settings.configured() && link.connected() && scheduler.draining();
    }

    @Override
    public double sendRate() {
        return sendRate.perSecond();
    }

    @Override
    public long oldestBacklogAgeMs(Lane lane) {
        Journal journal = journals.of(lane);
        if (journal.lastSeq() <= syncedSeq(lane)) {
            return 0;
        }
        try (JournalReader reader = journal.readerAfter(syncedIndex(lane))) {
            JournalEntry oldest = reader.next();
            return oldest == null ? 0 : Math.max(0, clock.millis() - oldest.event().receivedAt().toEpochMilli());
        }
    }

    /** {@code POST /api/v1/upstream/retry}: ends every wait (backoff, open breaker, auth stop) now. */
    public void retryNow(AuditEntry who) {
        audit.append(who);
        link.retryNow();
    }

    /**
     * Queues a replay pass of {@code range} (clamped to what has been synced) and returns its id.
     *
     * @throws IllegalStateException when there is no upstream or nothing in the range has been synced yet
     */
    public long replay(Lane lane, ReplayRange range, AuditEntry who) {
        if (!settings.configured()) {
            throw new IllegalStateException("no upstream configured");
        }
        long synced = syncedSeq(lane);
        if (range.fromSeq() > synced) {
            throw new IllegalStateException("lane " + lane.wireName() + " is synced up to laneSeq " + synced
                    + ": later events are sent anyway");
        }
        ReplayRange clamped = new ReplayRange(range.fromSeq(), Math.min(range.toSeq(), synced), range.fromTime(),
                range.toTime());
        long[] id = new long[1];
        store.commit(tx -> {
            id[0] = store.addReplay(tx, lane, clamped, who.actor());
            audit.append(tx, who);
        });
        workers.get(lane).replayRequested();
        LOG.info("event=sync.replay_requested lane={} replayId={} fromSeq={} toSeq={}", lane.wireName(), id[0],
                clamped.fromSeq(), clamped.toSeq());
        return id[0];
    }

    /** Deletes cycle files whose events are all synced (and not needed by a resend or open reconciliation). */
    public int applyRetention() {
        Instant writtenBefore = clock.instant().minus(settings.retentionPeriod());
        int deleted = 0;
        for (Lane lane : Lane.values()) {
            Journal journal = journals.of(lane);
            long keep = syncedIndex(lane);
            if (keep == JournalEntry.NO_INDEX) {
                continue;
            }
            keep = Math.min(keep, Math.min(resends.oldestPendingIndex(lane), disputes.oldestOpenIndex(lane)));
            if (store.openReplay(lane).isPresent()) {
                continue; // a replay reads the lane from its start
            }
            deleted += journal.deleteCyclesBefore(keep, writtenBefore);
        }
        return deleted;
    }

    private void retentionLoop() {
        try {
            while (!link.closed()) {
                link.pause(settings.retentionCheckInterval());
                if (link.closed()) {
                    return;
                }
                try {
                    int deleted = applyRetention();
                    if (deleted > 0) {
                        LOG.info("event=retention.applied filesDeleted={}", deleted);
                    }
                } catch (RuntimeException e) {
                    // Top of the retention thread: report it and try again next round; nothing is lost by waiting.
                    failures.failed(RETENTION_THREAD, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stands in for the cloud when none is configured; its workers never run. */
    private static final class Unconfigured implements Upstream {
        @Override
        public SyncOutcome send(String batchId, Lane lane, java.util.List<byte[]> events) {
            return new SyncOutcome.Retry(null, "no upstream configured");
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    @Override
    public synchronized void close() {
        // No interrupts: an interrupt inside a Chronicle read closes the journal's file channel for everyone.
        link.close();
        upstreams.forEach(Upstream::close);
        java.util.List<Thread> running = new java.util.ArrayList<>(threads.values());
        if (probe.isAlive()) {
            running.add(probe);
        }
        if (retention.isAlive()) {
            running.add(retention); // it may be deleting a lane's cycle files, which the journals must outlive
        }
        for (Thread t : running) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("event=sync.stopped");
    }
}
