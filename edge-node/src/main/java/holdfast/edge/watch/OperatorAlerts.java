package holdfast.edge.watch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.HoldfastException;
import holdfast.edge.audit.AuditLog;
import holdfast.edge.journal.Journal;
import holdfast.edge.store.Database;
import holdfast.edge.threads.ThreadFailures;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import holdfast.shared.envelope.UuidV7Generator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Check}s on one thread every {@code check-interval-ms}: a condition that has held for its
 * {@link Check#holdFor()} (at least {@code min-duration-seconds}) is raised, one open alert per condition; an open
 * one is cleared once the condition has been gone for {@code clear-after-seconds}. A raise or clear is stored,
 * journaled as an {@code ops} event in the critical lane (the cloud learns of it after an outage), logged as one
 * structured line and handed to the listeners. Thread-safe: all state is the watch thread's; API calls are
 * serialised with it.
 */
final class OperatorAlerts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAlerts.class);
    private static final String THREAD = "ops-watch";

    private final OpsSettings settings;
    private final List<Check> checks;
    private final Supplier<NodeSample> sample;
    private final H2OperatorAlerts store;
    private final Journal critical;
    private final UuidV7Generator ids;
    private final String nodeId;
    private final Clock clock;
    private final List<OpsListener> listeners;
    private final ScheduledExecutorService worker;
    private final Map<String, Episode> episodes = new LinkedHashMap<>();
    private final ThreadFailures failures;
    private volatile int openCount;
    private volatile Set<String> openConditions = Set.of();

    public OperatorAlerts(OpsSettings settings, List<Check> checks, Supplier<NodeSample> sample, Database database,
                          AuditLog audit, Journal critical, UuidV7Generator ids, String nodeId, Clock clock,
                          List<OpsListener> listeners, ThreadFailures failures) {
        this.failures = failures;
        this.settings = settings;
        this.checks = List.copyOf(checks);
        this.sample = sample;
        this.store = new H2OperatorAlerts(database, audit);
        this.critical = critical;
        this.ids = ids;
        this.nodeId = nodeId;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
        this.worker = Executors.newSingleThreadScheduledExecutor(failures.factory(THREAD));
        for (Check check : this.checks) {
            episodes.put(check.condition(), new Episode(check));
        }
        for (OperatorAlert open : store.list(OperatorAlertStatus.OPEN.wireName(), 1000)) {
            Episode e = episodes.get(open.condition());
            if (e != null) {
                e.alert = open;
                e.activeSince = open.raisedAt(); // still open from before a restart: it clears when it is gone
            }
        }
        recount();
    }

    /** Starts the periodic checks. */
    public void start() {
        if (settings.enabled()) {
            long every = settings.checkInterval().toMillis();
            worker.scheduleWithFixedDelay(failures.guarded(THREAD, this::pass), every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs one pass of every check now (the scheduler does it periodically; tests with a fixed clock call it). */
    public void checkNow() {
        try {
            worker.submit(this::pass).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new HoldfastException("operator alert pass failed", e);
        }
    }

    public List<OperatorAlert> list(String status, int limit) {
        return store.list(status, limit);
    }

    /** Open operator alerts right now. */
    public int openCount() {
        return openCount;
    }

    /** The conditions watched, in the order they are checked. */
    public List<String> conditions() {
        return checks.stream().map(Check::condition).toList();
    }

    /** The conditions with an open alert right now. */
    public Set<String> openConditions() {
        return openConditions;
    }

    /** Passes or checks that failed (each logged). */
    public long failures() {
        return failures.count(THREAD);
    }

    /** Records who has seen it (open or cleared); empty when there is no such alert or it was acknowledged. */
    public Optional<OperatorAlert> acknowledge(long id, String actorId, String actor) {
        return acknowledge(id, actorId, actor, null);
    }

    /** As {@link #acknowledge(long, String, String)}, with the person's reason kept in the audit trail (or null). */
    public Optional<OperatorAlert> acknowledge(long id, String actorId, String actor, String reason) {
        try {
            return worker.submit(() -> {
                Optional<OperatorAlert> found = store.find(id).filter(a -> a.acknowledgedBy() == null);
                if (found.isEmpty()) {
                    return Optional.<OperatorAlert>empty();
                }
                OperatorAlert acked = found.get().acknowledged(actor, clock.instant());
                if (!store.acknowledge(acked, actorId, reason)) {
                    return Optional.<OperatorAlert>empty();
                }
                episodes.values().stream().filter(e -> e.alert != null && e.alert.id() == id)
                        .forEach(e -> e.alert = acked);
                LOG.info("event=ops.acknowledged alertId={} condition={} by={}", id, acked.condition(), actorId);
                return Optional.of(acked);
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new HoldfastException("cannot acknowledge operator alert " + id, e);
        }
    }

    private void pass() {
        Instant now = clock.instant();
        NodeSample current;
        try {
            current = sample.get();
        } catch (RuntimeException e) {
            failures.failed(THREAD, "step=sample", e);
            return;
        }
        for (Episode e : episodes.values()) {
            try {
                e.step(current, now);
            } catch (RuntimeException ex) {
                // Top of a check: one failing check must not silence the others.
                failures.failed(THREAD, "condition=" + e.check.condition(), ex);
            }
        }
    }

    /** Kept current at every raise and clear, so the status never lags the list. */
    private void recount() {
        openCount = (int) episodes.values().stream().filter(ep -> ep.alert != null).count();
        openConditions = episodes.entrySet().stream().filter(e -> e.getValue().alert != null).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private List<OperatorAlert> openAlerts() {
        List<OperatorAlert> open = new ArrayList<>();
        episodes.values().stream().filter(e -> e.alert != null).forEach(e -> open.add(e.alert));
        return open;
    }

    private void journal(OperatorAlert a, String transition, Instant at) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("alertId", a.id());
        payload.put("condition", a.condition());
        payload.put("transition", transition);
        payload.put("cause", a.cause());
        payload.put("runbook", "docs/runbooks/" + a.runbook());
        payload.put("raisedAt", a.raisedAt().toString());
        if (a.clearedAt() != null) {
            payload.put("clearedAt", a.clearedAt().toString());
        }
        String key = "ops:" + a.condition() + ":" + a.raisedAt().toEpochMilli() + ":" + transition;
        critical.append(new EventEnvelope(ids.nextString(), key, EventEnvelope.SCHEMA_VERSION, critical.lane(), 0,
                EventKind.OPS, new Source("node", nodeId, String.valueOf(a.id())), ids.nextString(), null, at, at,
                Subject.NONE, payload, null)).join();
    }

    private void tell(OperatorAlert changed) {
        List<OperatorAlert> open = openAlerts();
        for (OpsListener listener : listeners) {
            try {
                listener.changed(changed, open);
            } catch (RuntimeException e) {
                LOG.warn("event=ops.listener_failed alertId={} error=\"{}\"", changed.id(), e.toString());
            }
        }
    }

    /** One condition's state across passes. Touched only on the watch thread. */
    private final class Episode {
        final Check check;
        Instant activeSince;
        Instant inactiveSince;
        OperatorAlert alert;

        Episode(Check check) {
            this.check = check;
        }

        void step(NodeSample s, Instant now) {
            Optional<String> cause = check.cause(s, now);
            if (cause.isPresent()) {
                inactiveSince = null;
                if (activeSince == null) {
                    activeSince = now;
                }
                Duration hold = check.holdFor().compareTo(settings.minDuration()) > 0 ? check.holdFor()
                        : settings.minDuration();
                if (alert == null && !now.isBefore(activeSince.plus(hold))) {
                    raise(cause.get(), now);
                } else if (alert != null && !cause.get().equals(alert.cause())) {
                    alert = alert.withCause(cause.get()); // kept current for the API; the row follows on clear
                }
                return;
            }
            activeSince = null;
            if (alert == null) {
                return;
            }
            if (inactiveSince == null) {
                inactiveSince = now;
            }
            if (!now.isBefore(inactiveSince.plus(settings.clearAfter()))) {
                clear(now);
            }
        }

        private void raise(String cause, Instant now) {
            OperatorAlert raised = store.insert(new OperatorAlert(0, check.condition(), cause, check.runbook(),
                    OperatorAlertStatus.OPEN, now, null, null, null));
            alert = raised;
            recount();
            journal(raised, "raised", now);
            LOG.warn("event=ops.raised alertId={} condition={} cause=\"{}\" runbook=docs/runbooks/{}", raised.id(),
                    raised.condition(), cause, raised.runbook());
            tell(raised);
        }

        private void clear(Instant now) {
            OperatorAlert cleared = alert.cleared(now);
            store.update(cleared);
            alert = null;
            inactiveSince = null;
            recount();
            journal(cleared, "cleared", now);
            LOG.info("event=ops.cleared alertId={} condition={} openSeconds={}", cleared.id(), cleared.condition(),
                    Duration.between(cleared.raisedAt(), now).toSeconds());
            tell(cleared);
        }
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
