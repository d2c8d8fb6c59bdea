package holdfast.console;

import holdfast.console.client.HttpEdgeNodeClient;
import holdfast.console.connection.ConnectionStore;
import holdfast.console.connection.ConnectionsViewModel;
import holdfast.console.connection.NodeConnection;
import holdfast.console.fleet.FleetViewModel;
import holdfast.console.session.NodeSession;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The composition root of the console: reads the remembered nodes (off the UI thread, in {@link #init()}),
 * builds the connections, sessions and views, and runs network work on background threads so the UI thread
 * never waits on the network or the disk. {@code --url U --token T [--name N]} adds a node and shows it.
 */
public final class ConsoleApp extends Application {

    /** How often every remembered node is asked for its status, all at once, for the fleet overview. */
    static final java.time.Duration FLEET_POLL = java.time.Duration.ofSeconds(2);

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-poll");
        t.setDaemon(true);
        return t;
    });
    private ConnectionStore store;
    private List<NodeConnection> remembered;
    private MainView view;

    @Override
    public void init() throws IOException {
        store = ConnectionStore.inUserHome();
        remembered = new ArrayList<>(store.load());
        List<String> args = getParameters().getRaw();
        String url = arg(args, "--url");
        String token = arg(args, "--token");
        if (url != null && token != null) {
            NodeConnection given = new NodeConnection(Objects.requireNonNullElse(arg(args, "--name"), "edge node"),
                    url, token);
            remembered.removeIf(c -> c.url().equals(given.url()));
            remembered.add(0, given);
            store.save(remembered);
        }
    }

    @Override
    public void start(Stage stage) {
        Theme.install();
        ConnectionsViewModel connections = new ConnectionsViewModel(remembered, store::save, background,
                Platform::runLater);
        view = build(connections, background, Platform::runLater, ticker);
        Scene scene = new Scene(view, 1280, 800);
        stage.titleProperty().bind(connections.selectedProperty().map(n -> "Holdfast console \u2014 " + n.name()
                + " (" + n.url() + ")").orElse("Holdfast console"));
        stage.setMinWidth(1024);
        stage.setMinHeight(640);
        stage.setScene(scene);
        stage.show();
    }

    /** The window content for the known nodes, following the chosen one. Used by the app and its tests. */
    public static MainView build(ConnectionsViewModel connections, Executor background, Executor ui,
                                 ScheduledExecutorService ticker) {
        Clock clock = Clock.systemDefaultZone();
        FleetViewModel fleet = new FleetViewModel(connections.connections(),
                node -> new HttpEdgeNodeClient(node.url(), node.token()), background, ui, clock);
        fleet.start(ticker, FLEET_POLL);
        return new MainView(connections, node -> NodeSession.open(node, new HttpEdgeNodeClient(node.url(),
                node.token()), background, ui, ticker, clock), fleet, clock.getZone());
    }

    /** The window content for one node, remembered nowhere (tests). */
    public static MainView build(NodeConnection node, Executor background, Executor ui,
                                 ScheduledExecutorService ticker) {
        return build(new ConnectionsViewModel(List.of(node), list -> { }, background, ui), background, ui, ticker);
    }

    @Override
    public void stop() {
        if (view != null) {
            view.close();
        }
        ticker.shutdownNow();
        background.shutdownNow();
    }

    private static String arg(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }
}
