package holdfast.console;

import holdfast.console.alerts.AlertsViewModel;
import holdfast.console.client.HttpEdgeNodeClient;
import holdfast.console.connection.ConnectionStore;
import holdfast.console.connection.NodeConnection;
import holdfast.console.deadletters.DeadLettersViewModel;
import holdfast.console.reconcile.ReconciliationsViewModel;
import holdfast.console.status.StatusViewModel;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The composition root of the console: picks the node to watch (arguments, else the remembered ones),
 * builds client, view models and views, and polls on background threads so the UI thread never waits on
 * the network. {@code --url U --token T [--name N]} connects to a node and remembers it.
 */
public final class ConsoleApp extends Application {

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-poll");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void start(Stage stage) throws Exception {
        NodeConnection node = chooseNode(getParameters().getRaw());
        Scene scene = new Scene(build(node, background, Platform::runLater, ticker), 1280, 800);
        stage.setTitle("Holdfast console \u2014 " + node.name() + " (" + node.url() + ")");
        stage.setMinWidth(1024);
        stage.setMinHeight(640);
        stage.setScene(scene);
        stage.show();
    }

    /** Builds the window content for one node and starts polling it. Used by the app and its tests. */
    public static MainView build(NodeConnection node, java.util.concurrent.Executor background,
                                 java.util.concurrent.Executor ui, ScheduledExecutorService ticker) {
        HttpEdgeNodeClient client = new HttpEdgeNodeClient(node.url(), node.token());
        StatusViewModel status = new StatusViewModel(node.name(), node.url(), client, background, ui,
                Clock.systemDefaultZone());
        ReconciliationsViewModel reconciliations = new ReconciliationsViewModel(client, background, ui);
        DeadLettersViewModel deadLetters = new DeadLettersViewModel(client, background, ui);
        AlertsViewModel alerts = new AlertsViewModel(client, background, ui);
        reconciliations.loadIdentity();
        deadLetters.loadIdentity();
        alerts.loadIdentity();
        ticker.scheduleWithFixedDelay(status::refresh, 0, 1, TimeUnit.SECONDS);
        ticker.scheduleWithFixedDelay(() -> {
            alerts.refresh();
            reconciliations.refresh();
            deadLetters.refresh();
        }, 0, 2, TimeUnit.SECONDS);
        return new MainView(status, alerts, reconciliations, deadLetters);
    }

    @Override
    public void stop() {
        ticker.shutdownNow();
        background.shutdownNow();
    }

    private static NodeConnection chooseNode(List<String> args) throws java.io.IOException {
        ConnectionStore store = ConnectionStore.inUserHome();
        String url = arg(args, "--url");
        String token = arg(args, "--token");
        if (url != null && token != null) {
            NodeConnection given = new NodeConnection(java.util.Objects.requireNonNullElse(arg(args, "--name"), "edge node"),
                    url, token);
            List<NodeConnection> remembered = new java.util.ArrayList<>(store.load());
            remembered.removeIf(c -> c.url().equals(given.url()));
            remembered.add(0, given);
            store.save(remembered);
            return given;
        }
        List<NodeConnection> known = store.load();
        if (known.isEmpty()) {
            throw new IllegalArgumentException("no edge node known yet: start with --url http://127.0.0.1:8080 "
                    + "--token $(cat data/admin-token)");
        }
        return known.get(0);
    }

    private static String arg(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }
}
