package holdfast.console.session;

import holdfast.console.alerts.AlertsViewModel;
import holdfast.console.client.EdgeNodeClient;
import holdfast.console.connection.CallerRole;
import holdfast.console.connection.NodeConnection;
import holdfast.console.deadletters.DeadLettersViewModel;
import holdfast.console.devices.DevicesViewModel;
import holdfast.console.ops.OperatorAlertsViewModel;
import holdfast.console.senders.SendersViewModel;
import holdfast.console.reconcile.ReconciliationsViewModel;
import holdfast.console.status.StatusViewModel;
import holdfast.shared.api.NodeStatus;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Everything the console holds for one connected node: its client, the caller's role (learnt once, shared by
 * all screens), the view models, the live status feed and the slower list refreshes. Lists are refreshed at
 * once when the live status shows their open count changed (someone else resolved or discarded), and every
 * few seconds besides. {@link #close()} stops all of it. Built and closed on the UI thread.
 */
public final class NodeSession implements AutoCloseable {

    static final long LIST_REFRESH_SECONDS = 5;
    static final long ALERT_REFRESH_SECONDS = 2;

    private final NodeConnection connection;
    private final CallerRole role;
    private final StatusViewModel status;
    private final AlertsViewModel alerts;
    private final ReconciliationsViewModel reconciliations;
    private final DeadLettersViewModel deadLetters;
    private final DevicesViewModel devices;
    private final SendersViewModel senders;
    private final OperatorAlertsViewModel operatorAlerts;
    private final Clock clock;
    private List<ScheduledFuture<?>> schedules = List.of();

    private NodeSession(NodeConnection connection, EdgeNodeClient client, Executor background, Executor ui,
                        Clock clock) {
        this.connection = connection;
        this.role = new CallerRole(client, background, ui);
        this.status = new StatusViewModel(connection.name(), connection.url(), client, background, ui, clock);
        this.alerts = new AlertsViewModel(client, role.roleProperty(), background, ui, clock);
        this.reconciliations = new ReconciliationsViewModel(client, role.roleProperty(), background, ui, clock);
        this.deadLetters = new DeadLettersViewModel(client, role.roleProperty(), background, ui, clock);
        this.clock = clock;
        this.devices = new DevicesViewModel(client, status.reachableProperty(), background, ui, clock);
        this.senders = new SendersViewModel(client, status.reachableProperty(), background, ui, clock);
        this.operatorAlerts = new OperatorAlertsViewModel(client, role.roleProperty(), status.reachableProperty(),
                background, ui, clock);
        status.reachableProperty().addListener((obs, was, now) -> {
            if (now) {
                role.load(); // a node that was down when we connected: learn the role once it answers
            }
        });
        status.statusProperty().addListener((obs, before, now) -> refreshChangedLists(before, now));
    }

    private void start(ScheduledExecutorService ticker) {
        role.load();
        status.start();
        schedules = List.of(
                ticker.scheduleWithFixedDelay(alerts::refresh, 0, ALERT_REFRESH_SECONDS, TimeUnit.SECONDS),
                ticker.scheduleWithFixedDelay(operatorAlerts::refresh, 0, ALERT_REFRESH_SECONDS, TimeUnit.SECONDS),
                ticker.scheduleWithFixedDelay(() -> {
                    devices.refresh();
                    senders.refresh();
                }, 0, ALERT_REFRESH_SECONDS, TimeUnit.SECONDS),
                ticker.scheduleWithFixedDelay(() -> {
                    reconciliations.refresh();
                    deadLetters.refresh();
                }, 0, LIST_REFRESH_SECONDS, TimeUnit.SECONDS));
    }

    /** Connects to a node: starts its live status feed and list refreshes. */
    public static NodeSession open(NodeConnection connection, EdgeNodeClient client, Executor background,
                                   Executor ui, ScheduledExecutorService ticker, Clock clock) {
        NodeSession session = new NodeSession(connection, client, background, ui, clock);
        session.start(ticker);
        return session;
    }

    private void refreshChangedLists(NodeStatus before, NodeStatus now) {
        if (now == null) {
            return;
        }
        if (before == null || before.reconciliations().open() != now.reconciliations().open()) {
            reconciliations.refresh();
        }
        if (before == null || before.deadLetters().open() != now.deadLetters().open()) {
            deadLetters.refresh();
        }
        if (before == null || !java.util.Objects.equals(before.attention(), now.attention())) {
            operatorAlerts.refresh(); // an alert raised or cleared, a device or sender gone silent or back
            devices.refresh();
            senders.refresh();
        }
    }

    public NodeConnection connection() {
        return connection;
    }

    public CallerRole role() {
        return role;
    }

    public StatusViewModel status() {
        return status;
    }

    public AlertsViewModel alerts() {
        return alerts;
    }

    public ReconciliationsViewModel reconciliations() {
        return reconciliations;
    }

    public DeadLettersViewModel deadLetters() {
        return deadLetters;
    }

    public DevicesViewModel devices() {
        return devices;
    }

    public SendersViewModel senders() {
        return senders;
    }

    public OperatorAlertsViewModel operatorAlerts() {
        return operatorAlerts;
    }

    /** The zone times are shown in. */
    public java.time.ZoneId zone() {
        return clock.getZone();
    }

    @Override
    public void close() {
        schedules.forEach(s -> s.cancel(false));
        status.close();
    }
}
