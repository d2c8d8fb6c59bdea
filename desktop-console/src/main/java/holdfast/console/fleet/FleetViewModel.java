package holdfast.console.fleet;

import holdfast.console.client.ApiException;
import holdfast.console.client.EdgeNodeClient;
import holdfast.console.client.NodeUnreachableException;
import holdfast.console.connection.NodeConnection;
import holdfast.console.format.Shown;
import holdfast.shared.api.NodeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * Every remembered node at once: each is asked for its status in parallel on the background executor (one call
 * per node in flight at most) every few seconds, and what it answers, or that it does not, is applied on the UI
 * executor as a {@link FleetRow} and a severity per node (the node selector's dots). A node that stops answering
 * keeps the mode and worst item it last showed, marked stale with the time of last contact. State on the UI
 * executor only; {@link #refresh()} and {@link #close()} may be called from any thread.
 */
public final class FleetViewModel implements AutoCloseable {

    private final ObservableList<NodeConnection> connections;
    private final Function<NodeConnection, EdgeNodeClient> clientFor;
    private final Executor background;
    private final Executor ui;
    private final Clock clock;
    private final Map<NodeConnection, EdgeNodeClient> clients = new ConcurrentHashMap<>();
    private final Set<NodeConnection> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<NodeConnection, Known> known = new HashMap<>();
    private final ObservableList<FleetRow> rows = FXCollections.observableArrayList();
    private final ObservableMap<NodeConnection, String> severities = FXCollections.observableHashMap();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private volatile ScheduledFuture<?> schedule;
    private volatile boolean closed;

    /** What the console last learnt of one node. */
    private record Known(NodeStatus status, Instant lastContact, String problem, boolean reached, boolean refused) {
    }

    public FleetViewModel(ObservableList<NodeConnection> connections,
                          Function<NodeConnection, EdgeNodeClient> clientFor, Executor background, Executor ui,
                          Clock clock) {
        this.connections = connections;
        this.clientFor = clientFor;
        this.background = background;
        this.ui = ui;
        this.clock = clock;
        connections.addListener((ListChangeListener<NodeConnection>) change -> {
            known.keySet().retainAll(connections);
            clients.keySet().retainAll(connections);
            severities.keySet().retainAll(connections);
            publish();
            refresh();
        });
        publish();
    }

    public ObservableList<FleetRow> rows() {
        return rows;
    }

    /** Each node's severity now ({@code OK}, {@code WARNING}, {@code ALERT}, {@code UNREACHABLE}, ...). */
    public ObservableMap<NodeConnection, String> severities() {
        return severities;
    }

    /** E.g. {@code 2 of 3 need a person}, for the screen's tab. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Polls every node now and then every {@code every} until {@link #close()}. */
    public void start(ScheduledExecutorService ticker, Duration every) {
        schedule = ticker.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks every node for its status once, all at once; a node whose last call is still out is not asked again. */
    public void refresh() {
        ui.execute(() -> List.copyOf(connections).forEach(this::poll));
    }

    private void poll(NodeConnection node) {
        if (closed || !inFlight.add(node)) {
            return;
        }
        EdgeNodeClient client = clients.computeIfAbsent(node, clientFor);
        try {
            background.execute(() -> call(node, client));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(node); // the window is closing: its executor takes no more work
        }
    }

    /** On the background executor: one status call, its outcome applied on the UI executor. */
    private void call(NodeConnection node, EdgeNodeClient client) {
        try {
            NodeStatus s = client.status();
            ui.execute(() -> apply(node, new Known(s, clock.instant(), null, true, false)));
        } catch (NodeUnreachableException e) {
            ui.execute(() -> lost(node, e.getMessage(), false));
        } catch (ApiException e) {
            ui.execute(() -> lost(node, e.getMessage(), true));
        } catch (RuntimeException e) {
            ui.execute(() -> lost(node, e.toString(), false));
        } finally {
            inFlight.remove(node);
        }
    }

    private void lost(NodeConnection node, String problem, boolean refused) {
        Known before = known.get(node);
        apply(node, before == null ? new Known(null, null, problem, false, refused)
                : new Known(before.status(), before.lastContact(), problem, false, refused));
    }

    private void apply(NodeConnection node, Known k) {
        if (!connections.contains(node)) {
            return; // forgotten while the call was out
        }
        known.put(node, k);
        publish();
    }

    private void publish() {
        List<FleetRow> out = new ArrayList<>();
        int needy = 0;
        for (NodeConnection node : connections) {
            FleetRow row = row(node, known.get(node));
            out.add(row);
            severities.put(node, row.severity());
            if (!row.severity().equals("OK")) {
                needy++;
            }
        }
        rows.setAll(out);
        summary.set(connections.isEmpty() ? "no nodes" : needy == 0 ? Shown.count(connections.size(), "node")
                + ", all well" : needy + " of " + connections.size() + (needy == 1 ? " needs" : " need") + " a person");
    }

    private FleetRow row(NodeConnection node, Known k) {
        if (k == null) {
            return new FleetRow(node, "CONNECTING", "connecting\u2026", "not reached yet", "not reached yet", null,
                    false);
        }
        String asOf = " (as of " + Shown.time(k.lastContact(), clock.getZone(), "") + ")";
        if (!k.reached()) {
            String severity = k.refused() ? "REFUSED" : "UNREACHABLE";
            String state = k.refused() ? "refuses this token" : "unreachable";
            if (k.status() == null) {
                return new FleetRow(node, severity, state, "never reached", "never reached: " + k.problem(), null,
                        true);
            }
            return new FleetRow(node, severity, state, NodeHealth.mode(k.status().mode()) + asOf,
                    NodeHealth.of(k.status()).worst() + asOf, k.lastContact(), true);
        }
        NodeHealth health = NodeHealth.of(k.status());
        return new FleetRow(node, health.severity(), health.severity().equals("OK") ? "all well" : "needs a person",
                NodeHealth.mode(k.status().mode()), health.worst(), k.lastContact(), false);
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
    }
}
