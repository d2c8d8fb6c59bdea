package holdfast.console;

import holdfast.console.alerts.AlertsView;
import holdfast.console.connection.ConnectionBar;
import holdfast.console.connection.ConnectionsViewModel;
import holdfast.console.connection.NodeConnection;
import holdfast.console.deadletters.DeadLettersView;
import holdfast.console.devices.DevicesView;
import holdfast.console.fleet.FleetView;
import holdfast.console.fleet.FleetViewModel;
import holdfast.console.ops.OperatorAlertsView;
import holdfast.console.reconcile.ReconciliationsView;
import holdfast.console.senders.SendersView;
import holdfast.console.session.NodeSession;
import holdfast.console.session.TabCounts;
import holdfast.console.status.BannerView;
import holdfast.console.status.LanesView;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The console window's content: the node selector (a coloured dot and a word per node) and the chosen node's mode
 * banner above every screen, the screens in tabs below, the fleet overview of every node first. Each node tab
 * carries its count from the node's status ("Alerts (27)", "Devices (2 silent)"). Switching nodes closes the old
 * node's session and binds fresh screens to the new one's view models, keeping the chosen screen; choosing a node
 * on the fleet overview shows its lanes. Keys: Ctrl+1..8 choose a screen, Ctrl+N adds a node.
 */
public final class MainView extends BorderPane {

    static final List<String> SCREENS = List.of("Fleet", "Lanes", "Alerts", "Devices", "Senders", "Operator alerts",
            "Reconciliations", "Dead letters");
    static final List<String> IDS = List.of("tab-fleet", "tab-lanes", "tab-alerts", "tab-devices", "tab-senders",
            "tab-operator-alerts", "tab-reconciliations", "tab-dead-letters");

    private final ConnectionsViewModel connections;
    private final Function<NodeConnection, NodeSession> sessions;
    private final FleetViewModel fleet;
    private final FleetView fleetView;
    private final ConnectionBar bar;
    private final VBox top;
    private NodeSession session;
    private int screen;

    /**
     * @param sessions opens a session for a node (the caller's composition root decides how)
     * @param fleet    every remembered node's state, polled by the caller's composition root
     */
    public MainView(ConnectionsViewModel connections, Function<NodeConnection, NodeSession> sessions,
                    FleetViewModel fleet, ZoneId zone) {
        getStylesheets().add(MainView.class.getResource("console.css").toExternalForm());
        this.connections = connections;
        this.sessions = sessions;
        this.fleet = fleet;
        this.fleetView = new FleetView(fleet, zone, this::open);
        this.bar = new ConnectionBar(connections, fleet.severities());
        this.top = new VBox(bar);
        setTop(top);
        connections.selectedProperty().addListener((obs, old, now) -> show(now));
        show(connections.selectedProperty().get());
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                installAccelerators(scene);
            }
        });
    }

    /** The session of the node shown now, or null when none is chosen. */
    public NodeSession session() {
        return session;
    }

    /** Stops following every node (the window is closing). */
    public void close() {
        closeSession();
        fleet.close();
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** Shows a node chosen on the fleet overview, at its lanes. */
    private void open(NodeConnection node) {
        screen = 1;
        if (node.equals(connections.selectedProperty().get())) {
            if (getCenter() instanceof TabPane tabs) {
                tabs.getSelectionModel().select(screen);
            }
            return;
        }
        connections.selectedProperty().set(node);
    }

    private void show(NodeConnection connection) {
        closeSession();
        if (connection == null) {
            top.getChildren().setAll(bar);
            Label none = new Label("No edge node yet. Choose \u201cAdd node\u2026\u201d (Ctrl+N) and enter its URL and a "
                    + "token; the console remembers it for next time.");
            none.setId("no-node");
            none.setWrapText(true);
            none.setPadding(new Insets(24));
            setCenter(none);
            return;
        }
        session = sessions.apply(connection);
        Label roleProblem = new Label();
        roleProblem.setId("role-problem");
        roleProblem.setPadding(new Insets(4, 12, 4, 12));
        roleProblem.textProperty().bind(session.role().problemProperty().map(p -> p.isEmpty() ? "" : p
                + " \u2014 actions stay disabled until the node says what this token may do."));
        roleProblem.visibleProperty().bind(session.role().problemProperty().isNotEmpty());
        roleProblem.managedProperty().bind(roleProblem.visibleProperty());
        top.getChildren().setAll(bar, new BannerView(session.status()), roleProblem);
        ZoneId zone = session.zone();
        TabPane tabs = new TabPane(
                tab(0, fleetView),
                tab(1, new LanesView(session.status())),
                tab(2, new AlertsView(session.alerts())),
                tab(3, new DevicesView(session.devices(), zone)),
                tab(4, new SendersView(session.senders(), zone)),
                tab(5, new OperatorAlertsView(session.operatorAlerts(), zone)),
                tab(6, new ReconciliationsView(session.reconciliations())),
                tab(7, new DeadLettersView(session.deadLetters())));
        tabs.getTabs().getFirst().textProperty().bind(fleet.summaryProperty().map(s -> "Fleet (" + s + ")"));
        NodeSession shown = session;
        for (int i = 1; i < SCREENS.size(); i++) {
            String name = SCREENS.get(i);
            tabs.getTabs().get(i).textProperty().bind(Bindings.createStringBinding(() -> TabCounts.title(name,
                    shown.status().statusProperty().get(), shown.status().reachableProperty().get()),
                    shown.status().statusProperty(), shown.status().reachableProperty()));
        }
        tabs.setId("tabs");
        tabs.getSelectionModel().select(screen);
        tabs.getSelectionModel().selectedIndexProperty().addListener((obs, old, now) -> screen = now.intValue());
        setCenter(tabs);
    }

    private static Tab tab(int index, javafx.scene.Node content) {
        Tab tab = new Tab(SCREENS.get(index), content);
        tab.setId(IDS.get(index));
        tab.setClosable(false);
        tab.setTooltip(new Tooltip(SCREENS.get(index) + " (Ctrl+" + (index + 1) + ")"));
        return tab;
    }

    private void installAccelerators(Scene scene) {
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
            KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8};
        for (int i = 0; i < digits.length; i++) {
            int index = i;
            scene.getAccelerators().put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), () -> {
                if (getCenter() instanceof TabPane tabs) {
                    tabs.getSelectionModel().select(index);
                    tabs.getSelectionModel().getSelectedItem().getContent().requestFocus();
                }
            });
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), bar::addNode);
    }
}
