package holdfast.console;

import holdfast.console.alerts.AlertsView;
import holdfast.console.connection.ConnectionBar;
import holdfast.console.connection.ConnectionsViewModel;
import holdfast.console.connection.NodeConnection;
import holdfast.console.deadletters.DeadLettersView;
import holdfast.console.reconcile.ReconciliationsView;
import holdfast.console.session.NodeSession;
import holdfast.console.status.BannerView;
import holdfast.console.status.LanesView;
import java.util.List;
import java.util.function.Function;
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
 * The console window's content: the node selector and the mode banner above every screen, the screens in
 * tabs below. Switching nodes closes the old node's session and binds fresh screens to the new one's view
 * models, keeping the chosen screen. Keys: Ctrl+1..4 choose a screen, Ctrl+N adds a node.
 */
public final class MainView extends BorderPane {

    static final List<String> SCREENS = List.of("Lanes", "Alerts", "Reconciliations", "Dead letters");

    private final Function<NodeConnection, NodeSession> sessions;
    private final ConnectionBar bar;
    private final VBox top;
    private NodeSession session;
    private int screen;

    /** @param sessions opens a session for a node (the caller's composition root decides how) */
    public MainView(ConnectionsViewModel connections, Function<NodeConnection, NodeSession> sessions) {
        this.sessions = sessions;
        this.bar = new ConnectionBar(connections);
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

    /** Stops following the node shown (the window is closing). */
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private void show(NodeConnection connection) {
        close();
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
        TabPane tabs = new TabPane(
                tab(0, "tab-lanes", new LanesView(session.status())),
                tab(1, "tab-alerts", new AlertsView(session.alerts())),
                tab(2, "tab-reconciliations", new ReconciliationsView(session.reconciliations())),
                tab(3, "tab-dead-letters", new DeadLettersView(session.deadLetters())));
        tabs.setId("tabs");
        tabs.getSelectionModel().select(screen);
        tabs.getSelectionModel().selectedIndexProperty().addListener((obs, old, now) -> screen = now.intValue());
        setCenter(tabs);
    }

    private static Tab tab(int index, String id, javafx.scene.Node content) {
        Tab tab = new Tab(SCREENS.get(index), content);
        tab.setId(id);
        tab.setClosable(false);
        tab.setTooltip(new Tooltip(SCREENS.get(index) + " (Ctrl+" + (index + 1) + ")"));
        return tab;
    }

    private void installAccelerators(Scene scene) {
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4};
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
