package holdfast.edge.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.HoldfastException;
import holdfast.edge.alerts.Alert.Reading;
import holdfast.edge.census.Census;
import holdfast.edge.ingest.IngestHook;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.store.Database;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.threads.ThreadFailures;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import holdfast.shared.envelope.UuidV7Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the alert rules on every observation or alarm the moment it is durable (an {@link IngestHook}),
 * whether or not the cloud is reachable. A reading matching a rule raises an alert for its bed (or device)
 * unless one is already open for that bed and rule, which it is folded into; after an acknowledgement,
 * repeats within the cooldown are folded too, so a persisting condition never becomes an alert storm. An
 * unacknowledged alert escalates one level per configured delay. Every raise and escalation is journaled as
 * an {@code alert} event in the critical lane (key {@code alert:{id}:{level}}), so the cloud learns of it
 * after an outage.
 *
 * <p>Thread-safe: the hook judges a reading on the thread that journaled it and hands only what matched a rule
 * to the one alerts thread; all alert state changes happen there or in {@link #acknowledge}, which is
 * serialised with it.
 */
final class AlertEngine implements IngestHook, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    private static final String THREAD = "alerts";
    /** Raises made durable together at most: bounds one database transaction and one wait of the thread. */
    private static final int MAX_RAISES_AT_ONCE = 256;

    private final AlertSettings settings;
    private final AlertListener listener;
    private final H2Alerts store;
    private final Journal critical;
    private final UuidV7Generator ids;
    private final Clock clock;
    private final ScheduledExecutorService worker;
    private boolean started; // guarded by this
    private final Map<String, Alert> latestByCondition = new ConcurrentHashMap<>();
    private final RaiseLatency raiseLatency;
    private final ThreadFailures failures;
    private final Census census;
    private final EvaluationMarks evaluated = new EvaluationMarks();
    private final ConcurrentLinkedQueue<Raise> raises = new ConcurrentLinkedQueue<>();
    /** A pass over {@link #raises} is queued on the alerts thread. */
    private final AtomicBoolean raisesQueued = new AtomicBoolean();
    private final RaiseWindow window;
    private Map<Lane, Long> savedMarks = Map.of();
    private volatile Path markFile;

    public AlertEngine(AlertSettings settings, Database database, AuditLog audit, Journal critical,
                       UuidV7Generator ids, Clock clock, Census census, AlertListener listener) {
        this(settings, database, audit, critical, ids, clock, census, listener, nanos -> { },
                ThreadFailures.unexposed());
    }

    /**
     * As above, recording each raise latency (reading durable to alert durable, nanoseconds) in {@code raised},
     * and reporting a failed alert task to {@code failures}.
     */
    public AlertEngine(AlertSettings settings, Database database, AuditLog audit, Journal critical,
                       UuidV7Generator ids, Clock clock, Census census, AlertListener listener,
                       java.util.function.LongConsumer raised, ThreadFailures failures) {
        this.failures = failures;
        this.raiseLatency = new RaiseLatency(raised);
        this.window = new RaiseWindow(settings.raiseWindow());
        this.settings = settings;
        this.census = census;
        this.listener = listener;
        this.store = new H2Alerts(database, audit);
        this.critical = critical;
        this.ids = ids;
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(failures.factory(THREAD));
    }

    /**
     * Start-up, fed by the one pass over the lanes: restores alerts from their journaled records in the critical
     * lane, then evaluates again every reading journaled after the last one whose evaluation finished before the
     * node stopped ({@code markFile}), so a crash between a reading being durable and its alert being journaled
     * loses no alert. Without a mark file (first start) nothing old is evaluated again. Escalation waits for
     * {@link #start()}.
     */
    public holdfast.edge.projection.Projection catchUp(Path markFile, holdfast.edge.journal.LaneJournals journals) {
        this.markFile = markFile;
        Map<Lane, Long> marks = readMarks(markFile);
        if (marks == null) {
            marks = new EnumMap<>(Lane.class);
            for (Lane lane : Lane.values()) {
                marks.put(lane, journals.of(lane).lastSeq());
            }
        }
        evaluated.resumeFrom(marks);
        Map<Lane, Long> from = Map.copyOf(marks);
        Map<Long, Alert> journaled = new HashMap<>();
        List<EventEnvelope> unevaluated = new ArrayList<>();
        return new holdfast.edge.projection.Projection() {
            @Override
            public String name() {
                return "alerts";
            }

            @Override
            public void replayed(JournalEntry entry) {
                EventEnvelope e = entry.event();
                if (e.kind() == EventKind.ALERT) {
                    journaledAlert(e).ifPresent(a -> journaled.merge(a.id(), a, (x, y) -> y.level() >= x.level() ? y : x));
                } else if (evaluates(e) && e.laneSeq() > from.getOrDefault(e.lane(), Long.MAX_VALUE)) {
                    unevaluated.add(e);
                }
            }

            @Override
            public void replayDone() {
                int restored = store.restore(journaled.values());
                if (restored > 0) {
                    LOG.warn("event=alerts.restored_from_journal count={}", restored);
                }
                for (Alert open : store.list(AlertStatus.OPEN.wireName(), 10_000)) {
                    latestByCondition.put(condition(subjectOf(open), open.rule(), open.code()), open);
                }
                unevaluated.forEach(AlertEngine.this::journaled);
                if (!unevaluated.isEmpty()) {
                    LOG.warn("event=alerts.evaluated_again readings={}", unevaluated.size());
                }
            }
        };
    }

    /** Starts escalating unacknowledged alerts and saving the evaluation marks, once the catch-up has run. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        worker.scheduleWithFixedDelay(failures.guarded(THREAD, this::escalateDue), 1, 1, TimeUnit.SECONDS);
        worker.scheduleWithFixedDelay(failures.guarded(THREAD, this::saveMarks), 1, 1, TimeUnit.SECONDS);
    }

    private static boolean evaluates(EventEnvelope e) {
        return e.kind() == EventKind.OBSERVATION || e.kind() == EventKind.ALARM || e.kind() == EventKind.HL7;
    }

    @Override
    public void journaled(EventEnvelope event) {
        long durableAt = System.nanoTime(); // this hook runs once the event is durable
        switch (event.kind()) {
            case OBSERVATION, ALARM -> {
                String device = event.payload().path("deviceId").asText(null);
                for (JsonNode o : event.payload().path("observations")) {
                    JsonNode value = o.path("value");
                    if (value.isNumber()) {
                        evaluate(new Reading(o.path("code").asText(), value.doubleValue(), text(o, "unit"), null),
                                event, event.subject(), durableAt);
                    }
                }
            }
            case HL7 -> labResults(event, durableAt);
            default -> {
                // alerts, corrections, voids: nothing a rule reads
            }
        }
        if (evaluates(event) && event.laneSeq() > 0) {
            evaluated.judged(event.lane(), event.laneSeq());
        }
    }

    /** Writes how far evaluation got, per lane (on the worker, once a second when it moved). */
    private void saveMarks() {
        Map<Lane, Long> snapshot = evaluated.marks();
        if (markFile == null || snapshot.equals(savedMarks)) {
            return;
        }
        StringBuilder text = new StringBuilder("# laneSeq of the last reading whose alerts were evaluated, per lane\n");
        snapshot.forEach((lane, seq) -> text.append(lane.wireName()).append('=').append(seq).append('\n'));
        try {
            Path tmp = markFile.resolveSibling(markFile.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, markFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            savedMarks = snapshot;
        } catch (IOException e) {
            failures.failed(THREAD, "alerts mark not saved", e);
        }
    }

    private static Map<Lane, Long> readMarks(Path file) {
        if (file == null || !Files.exists(file)) {
            return null;
        }
        try {
            Map<Lane, Long> marks = new EnumMap<>(Lane.class);
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (line.startsWith("#") || eq < 0) {
                    continue;
                }
                marks.put(Lane.fromWire(line.substring(0, eq).trim()), Long.parseLong(line.substring(eq + 1).trim()));
            }
            return marks;
        } catch (IOException | RuntimeException e) {
            LOG.warn("event=alerts.mark_unreadable error={} action=evaluate_nothing_again", e.toString());
            return null;
        }
    }

    /**
     * A lab's result is judged like a device reading (same rules by code), and a result the lab itself flags as
     * critical ({@code alerts.hl7-critical-flags}, OBX-8) raises an alert of its own, numeric or not: while the
     * cloud is away, the ward is the only place that can act on it.
     */
    private void labResults(EventEnvelope event, long durableAt) {
        JsonNode observations = event.payload().path("observations");
        if (observations.isEmpty()) {
            return;
        }
        Subject subject = placed(event.subject(), event.occurredAt());
        for (JsonNode o : observations) {
            String code = text(o, "code");
            if (code == null) {
                continue;
            }
            JsonNode value = o.path("value");
            Double number = value.isNumber() ? value.doubleValue() : null;
            Reading reading = new Reading(code, number, text(o, "unit"), number == null ? text(o, "value") : null);
            String flag = criticalFlag(o.path("flags"));
            if (flag != null) {
                String rule = "lab-critical-" + flag;
                raise(rule, event, subject, reading, durableAt);
            } else if (number != null) {
                evaluate(reading, event, subject, durableAt);
            }
        }
    }

    private void evaluate(Reading reading, EventEnvelope trigger, Subject subject, long durableAt) {
        for (AlertRule rule : settings.rules()) {
            if (rule.matches(reading.code(), reading.value(), subject.ward())) {
                raise(rule.name(), trigger, subject, reading, durableAt);
            }
        }
    }

    private String criticalFlag(JsonNode flags) {
        for (JsonNode f : flags) {
            String flag = f.asText().trim().toUpperCase(java.util.Locale.ROOT);
            if (settings.hl7CriticalFlags().contains(flag)) {
                return flag;
            }
        }
        return null;
    }

    /** A lab message without a bed (no PV1-3) is placed where the census had the patient at the time. */
    private Subject placed(Subject s, Instant at) {
        if (s.bed() != null || s.patientId() == null || at == null) {
            return s;
        }
        return census.stayOf(s.patientId(), at)
                .map(stay -> new Subject(s.patientId(), s.encounterId() != null ? s.encounterId() : stay.encounterId(),
                        s.ward() != null ? s.ward() : wardOf(stay.bed()), stay.bed(), s.deviceId()))
                .orElse(s);
    }

    /** The ward of a bed id ({@code ICU-301-A} -> {@code ICU}): its first component, the point of care. */
    private static String wardOf(String bed) {
        int dash = bed.indexOf('-');
        return dash < 0 ? bed : bed.substring(0, dash);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }

    /** Passes of the alerts thread that made raises durable, since start (see {@link RaiseWindow}). */
    public long raisePasses() {
        return window.passes();
    }

    /** From a reading being durable to its alert being durable, over every alert raised since start. */
    public RaiseLatency raiseLatency() {
        return raiseLatency;
    }

    public List<Alert> list(String status, int limit) {
        return store.list(status, limit);
    }

    /** Acknowledges an open alert: escalation stops. Empty when there is no such open alert. */
    public Optional<Alert> acknowledge(long id, String actorId, String actor) {
        return acknowledge(id, actorId, actor, null);
    }

    /** As above, with the person's reason (may be null) kept in the audit trail. */
    public Optional<Alert> acknowledge(long id, String actorId, String actor, String reason) {
        try {
            return worker.submit(() -> {
                Optional<Alert> open = latestByCondition.values().stream()
                        .filter(a -> a.id() == id && a.open()).findFirst();
                if (open.isEmpty()) {
                    return Optional.<Alert>empty();
                }
                Alert acked = open.get().acknowledged(actor, clock.instant());
                if (!store.acknowledge(acked, actorId, reason)) {
                    return Optional.<Alert>empty();
                }
                latestByCondition.put(condition(subjectOf(acked), acked.rule(), acked.code()), acked);
                LOG.info("event=alert.acknowledged alertId={} level={} by={}", id, acked.level(), actorId);
                tell(acked);
                return Optional.of(acked);
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new HoldfastException("cannot acknowledge alert " + id, e);
        }
    }

    /** Runs one escalation pass now (the scheduler does it every second; tests with a fixed clock call it). */
    public void escalateNow() {
        try {
            worker.submit(this::escalateDue).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new HoldfastException("escalation pass failed", e);
        }
    }

    /** Queues a raise on the alerts thread; the reading's lane mark waits for it. */
    private void raise(String rule, EventEnvelope trigger, Subject subject, Reading reading, long durableAt) {
        boolean marked = trigger.laneSeq() > 0;
        if (marked) {
            evaluated.raising(trigger.lane(), trigger.laneSeq());
        }
        raises.add(new Raise(rule, trigger, subject, reading, durableAt, marked));
        if (raisesQueued.compareAndSet(false, true)) {
            try {
                long wait = window.delayNanos(System.nanoTime());
                if (wait == 0) {
                    worker.execute(this::raiseQueued);
                } else {
                    worker.schedule(this::raiseQueued, wait, TimeUnit.NANOSECONDS);
                }
            } catch (RejectedExecutionException e) {
                // Refused while closing: the raise stays counted as queued, so the mark stays below the reading
                // and the next start judges it again.
                raisesQueued.set(false);
                throw e;
            }
        }
    }

    /** A reading that matched a rule, waiting for the alerts thread. */
    private record Raise(String rule, EventEnvelope trigger, Subject subject, Reading reading, long durableAt,
                         boolean marked) {
    }

    /** What one raise became: a new alert, or a fold into one already open (then {@code fold}). */
    private record Decided(Raise raise, Alert alert, boolean fold) {
    }

    /**
     * Every raise queued so far, made durable together: the rows in one database transaction (one write of the
     * control journal) and the new alerts' events in one group commit of the critical lane. A burst of critical
     * results then costs the disk two flushes instead of two per alert, and each alert in it waits less.
     */
    private void raiseQueued() {
        raisesQueued.set(false); // before polling: a raise added after the poll queues another pass
        window.passBegins(System.nanoTime());
        List<Raise> batch = new ArrayList<>();
        Raise next;
        while (batch.size() < MAX_RAISES_AT_ONCE && (next = raises.poll()) != null) {
            batch.add(next);
        }
        if (!raises.isEmpty() && raisesQueued.compareAndSet(false, true)) {
            try {
                worker.execute(this::raiseQueued);
            } catch (RejectedExecutionException e) {
                raisesQueued.set(false); // closing: what is left stays counted as queued, judged again next start
            }
        }
        try {
            raiseOrFold(batch);
        } finally {
            for (Raise r : batch) {
                if (r.marked()) {
                    evaluated.raised(r.trigger().lane(), r.trigger().laneSeq());
                }
            }
        }
    }

    private void raiseOrFold(List<Raise> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Alert> latest = new HashMap<>();
        List<Decided> decided;
        try {
            decided = store.inOneTransaction(c -> {
                List<Decided> out = new ArrayList<>(batch.size());
                for (Raise r : batch) {
                    out.add(decide(c, r, latest));
                }
                return out;
            });
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                // Top of an alerts task: logged and counted (holdfast_thread_failures_total{thread="alerts"}),
                // never lost silently; the reading itself is durable.
                failures.failed(THREAD, "rule=" + batch.getFirst().rule() + " eventId="
                        + batch.getFirst().trigger().eventId(), e);
                return;
            }
            // One raise the database refuses must not take the others with it: each again on its own.
            batch.forEach(r -> raiseOrFold(List.of(r)));
            return;
        }
        latestByCondition.putAll(latest);
        List<Decided> raised = decided.stream().filter(d -> !d.fold()).toList();
        List<CompletableFuture<JournalEntry>> appended = new ArrayList<>(raised.size());
        for (Decided d : raised) {
            try {
                appended.add(critical.append(alertEvent(d.alert(), d.raise().trigger())));
            } catch (RuntimeException e) {
                appended.add(CompletableFuture.failedFuture(e));
            }
        }
        for (int i = 0; i < raised.size(); i++) {
            Decided d = raised.get(i);
            try {
                appended.get(i).join(); // the alert's durable record (see H2Alerts.inOneTransaction); then the displays
                raiseLatency.record(System.nanoTime() - d.raise().durableAt());
                tell(d.alert());
                Subject s = d.raise().subject();
                LOG.info("event=alert.raised alertId={} rule={} ward={} bed={} correlationId={}", d.alert().id(),
                        d.alert().rule(), s.ward(), s.bed(), d.raise().trigger().correlationId());
            } catch (RuntimeException e) {
                failures.failed(THREAD, "rule=" + d.alert().rule() + " eventId=" + d.raise().trigger().eventId(), e);
            }
        }
    }

    /** Folds {@code r} into its condition's latest alert, or raises a new one; {@code latest} holds this batch's. */
    private Decided decide(Connection c, Raise r, Map<String, Alert> latest) throws SQLException {
        Instant now = clock.instant();
        Subject s = r.subject();
        Reading reading = r.reading();
        String key = condition(s, r.rule(), reading.code());
        Alert before = latest.containsKey(key) ? latest.get(key) : latestByCondition.get(key);
        boolean fold = before != null && (before.open()
                || Duration.between(before.acknowledgedAt(), now).compareTo(settings.cooldown()) < 0);
        if (fold) {
            Alert folded = before.folded(reading, now);
            store.update(c, folded);
            latest.put(key, folded);
            return new Decided(r, folded, true);
        }
        Alert raised = store.insert(c, new Alert(0, r.rule(), s.ward(), s.bed(), s.deviceId(), s.patientId(),
                reading.code(), reading.value(), 1, now, now, 1, AlertStatus.OPEN, null, null,
                r.trigger().eventId(), reading.unit(), reading.text()));
        latest.put(key, raised);
        return new Decided(r, raised, false);
    }

    private void escalateDue() {
        Instant now = clock.instant();
        for (Map.Entry<String, Alert> entry : latestByCondition.entrySet()) {
            Alert a = entry.getValue();
            if (!a.open() || a.level() > settings.escalations().size()) {
                continue;
            }
            Duration due = settings.escalations().get(a.level() - 1);
            if (!now.isBefore(a.raisedAt().plus(due))) {
                Alert escalated = a.escalated();
                store.update(escalated);
                entry.setValue(escalated);
                journal(escalated, null);
                tell(escalated);
                LOG.warn("event=alert.escalated alertId={} level={} ward={} bed={}", a.id(), escalated.level(),
                        a.ward(), a.bed());
            }
        }
    }

    private void journal(Alert a, EventEnvelope trigger) {
        critical.append(alertEvent(a, trigger)).join();
    }

    private EventEnvelope alertEvent(Alert a, EventEnvelope trigger) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("alertId", a.id());
        payload.put("rule", a.rule());
        payload.put("code", a.code());
        payload.put("value", a.value());
        payload.put("unit", a.unit());
        payload.put("valueText", a.valueText());
        payload.put("level", a.level());
        payload.put("status", a.status().wireName());
        payload.put("raisedAt", a.raisedAt().toString());
        return new EventEnvelope(ids.nextString(), "alert:" + a.id() + ":" + a.level(), 1,
                critical.lane(), 0, EventKind.ALERT, new Source("node", "alerts", String.valueOf(a.id())),
                trigger != null ? trigger.correlationId() : ids.nextString(), a.triggerEventId(), clock.instant(),
                clock.instant(), new Subject(a.patientId(), null, a.ward(), a.bed(), a.deviceId()), payload, null);
    }

    /** The alert an {@code alert} event carries in full (the newest level of an id wins). */
    private static Optional<Alert> journaledAlert(EventEnvelope e) {
        JsonNode p = e.payload();
        if (!p.path("alertId").canConvertToLong()) {
            return Optional.empty();
        }
        Instant raisedAt = Instant.parse(p.path("raisedAt").asText());
        Subject s = e.subject();
        return Optional.of(new Alert(p.path("alertId").asLong(), p.path("rule").asText(), s.ward(), s.bed(),
                s.deviceId(), s.patientId(), p.path("code").asText(),
                p.path("value").isNumber() ? p.path("value").doubleValue() : null, p.path("level").asInt(),
                raisedAt, raisedAt, 1, AlertStatus.OPEN, null, null, e.causationId(), text(p, "unit"),
                text(p, "valueText")));
    }

    private void tell(Alert alert) {
        try {
            listener.changed(alert);
        } catch (RuntimeException e) {
            // A ward display that cannot be told must not undo the alert: it is stored and journaled already.
            LOG.warn("event=alert.listener_failed alertId={} error={}", alert.id(), e.toString());
        }
    }

    /** One open alert per place, rule and code; a lab result with neither bed nor device is the patient's. */
    private static String condition(Subject s, String rule, String code) {
        String where = s.bed() != null ? "bed:" + s.bed()
                : s.deviceId() != null ? "device:" + s.deviceId() : "patient:" + s.patientId();
        return where + "|" + rule + "|" + code;
    }

    private static Subject subjectOf(Alert a) {
        return new Subject(a.patientId(), null, a.ward(), a.bed(), a.deviceId());
    }

    /** Alerts open now (not yet acknowledged). */
    public long openCount() {
        return latestByCondition.values().stream().filter(a -> a.open()).count();
    }

    /** Open alerts that have escalated past level 1: nobody acknowledged them in time. */
    public long escalatedCount() {
        return latestByCondition.values().stream().filter(a -> a.open() && a.level() > 1).count();
    }

    /** Alert tasks that failed (logged each time with the event id; the reading itself stays durable). */
    public long failures() {
        return failures.count(THREAD);
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
