package holdfast.console.connection;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The nodes the console knows and the one it shows: add (URL + token), switch, remove. Every change is
 * remembered through the saver on the background executor (the last chosen node first, so it is shown at
 * the next start). State on the UI executor only.
 */
public final class ConnectionsViewModel {

    /** Writes the remembered nodes somewhere durable (e.g. {@link ConnectionStore#save}). */
    @FunctionalInterface
    public interface Saver {
        void save(List<NodeConnection> connections) throws IOException;
    }

    private final Saver saver;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<NodeConnection> connections = FXCollections.observableArrayList();
    private final ObjectProperty<NodeConnection> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public ConnectionsViewModel(List<NodeConnection> remembered, Saver saver, Executor background, Executor ui) {
        this.saver = saver;
        this.background = background;
        this.ui = ui;
        connections.setAll(remembered);
        selected.set(remembered.isEmpty() ? null : remembered.get(0));
        selected.addListener((obs, old, now) -> {
            if (now != null) {
                save();
            }
        });
    }

    public ObservableList<NodeConnection> connections() {
        return connections;
    }

    /** The node shown now; set it to switch. Null when none is known. */
    public ObjectProperty<NodeConnection> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What is wrong with these values, in plain words; empty when they may be added. */
    public static Optional<String> problem(String url, String token) {
        if (url == null || url.isBlank()) {
            return Optional.of("Enter the node's URL, e.g. http://127.0.0.1:8080");
        }
        try {
            URI uri = new URI(url.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                return Optional.of("The URL must start with http:// or https:// and name a host, e.g. "
                        + "http://127.0.0.1:8080");
            }
        } catch (URISyntaxException e) {
            return Optional.of("That is not a URL (" + e.getReason().toLowerCase(java.util.Locale.ROOT)
                    + "): write it as http://host:port, e.g. http://127.0.0.1:8080");
        }
        if (token == null || token.isBlank()) {
            return Optional.of("Enter the token (an admin can issue one: POST /api/v1/tokens)");
        }
        return Optional.empty();
    }

    /**
     * Adds a node (or renames the one with the same URL and token) and switches to it. The same URL with
     * another token is another entry (e.g. an admin's and a viewer's view of one node).
     *
     * @return the problem with the values, in plain words, when nothing was added
     */
    public Optional<String> add(String name, String url, String token) {
        Optional<String> problem = problem(url, token);
        if (problem.isPresent()) {
            message.set(problem.get());
            return problem;
        }
        String u = url.trim();
        String n = name == null || name.isBlank() ? URI.create(u).getAuthority() : name.trim();
        NodeConnection added = new NodeConnection(n, u, token.trim());
        int at = indexOf(u, added.token());
        if (at >= 0) {
            connections.set(at, added);
        } else {
            connections.add(added);
        }
        selected.set(added);
        message.set("Added " + n + ".");
        save();
        return Optional.empty();
    }

    /** Forgets a node (and its token); shows the first remaining one, if any. */
    public void remove(NodeConnection connection) {
        if (connection == null) {
            return;
        }
        connections.remove(connection);
        if (connection.equals(selected.get())) {
            selected.set(connections.isEmpty() ? null : connections.get(0));
        }
        message.set("Removed " + connection.name() + " and its token.");
        save();
    }

    private int indexOf(String url, String token) {
        for (int i = 0; i < connections.size(); i++) {
            if (connections.get(i).url().equals(url) && connections.get(i).token().equals(token)) {
                return i;
            }
        }
        return -1;
    }

    private void save() {
        List<NodeConnection> ordered = new ArrayList<>(connections);
        NodeConnection current = selected.get();
        if (current != null && ordered.remove(current)) {
            ordered.add(0, current);
        }
        background.execute(() -> {
            try {
                saver.save(ordered);
            } catch (IOException e) {
                ui.execute(() -> message.set("Could not remember the nodes (" + e.getMessage()
                        + "): they will be asked for again at the next start."));
            }
        });
    }
}
