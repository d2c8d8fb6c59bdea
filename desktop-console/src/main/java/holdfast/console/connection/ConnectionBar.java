package holdfast.console.connection;

import holdfast.console.format.StateLook;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.geometry.Insets;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The node selector above every screen: which node is shown (Alt+N to choose), add one (Alt+D or Ctrl+N) or forget
 * the chosen one. Only binds to its view model.
 */
public final class ConnectionBar extends HBox {

    private final ConnectionsViewModel model;
    private final ObservableMap<NodeConnection, String> severities;

    public ConnectionBar(ConnectionsViewModel model) {
        this(model, FXCollections.observableHashMap());
    }

    /** @param severities each node's severity now (OK, WARNING, ALERT, UNREACHABLE...): its dot and word */
    public ConnectionBar(ConnectionsViewModel model, ObservableMap<NodeConnection, String> severities) {
        this.model = model;
        this.severities = severities;
        Label message = new Label();
        message.setId("connections-message");
        message.textProperty().bind(model.messageProperty());
        ComboBox<NodeConnection> nodes = new ComboBox<>(model.connections());
        nodes.setId("node-selector");
        nodes.setCellFactory(list -> new NodeCell(severities));
        nodes.setButtonCell(new NodeCell(severities));
        nodes.setPromptText("No node yet: add one");
        nodes.valueProperty().bindBidirectional(model.selectedProperty());
        nodes.setPrefWidth(420);
        nodes.setAccessibleText("Edge node shown");
        message.setMinWidth(0);
        HBox.setHgrow(message, Priority.ALWAYS);
        Label label = new Label("_Node");
        label.setMnemonicParsing(true);
        label.setLabelFor(nodes);
        Button add = new Button("A_dd node\u2026");
        add.setId("add-node");
        add.setTooltip(new Tooltip("Connect to another edge node (Ctrl+N)"));
        add.setOnAction(e -> addNode());
        Button remove = new Button("Forget node");
        remove.setId("remove-node");
        remove.setTooltip(new Tooltip("Forget the chosen node and its token on this computer"));
        remove.disableProperty().bind(model.selectedProperty().isNull());
        remove.setOnAction(e -> model.remove(model.selectedProperty().get()));
        setId("connection-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
        setPadding(new Insets(6, 12, 6, 12));
        for (javafx.scene.layout.Region r : new javafx.scene.layout.Region[] {label, add, remove}) {
            r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        getChildren().addAll(label, nodes, add, remove, message);
    }

    /** Opens the add-node dialog and adds what was entered. */
    public void addNode() {
        new AddNodeDialog().showAndWait().ifPresent(v -> model.add(v.name(), v.url(), v.token()));
    }

    /** A node with a coloured dot and its state in a word (never colour alone), both kept current. */
    private static final class NodeCell extends ListCell<NodeConnection> {
        private final ObservableMap<NodeConnection, String> severities;

        NodeCell(ObservableMap<NodeConnection, String> severities) {
            this.severities = severities;
        }

        @Override
        protected void updateItem(NodeConnection item, boolean empty) {
            super.updateItem(item, empty);
            textProperty().unbind();
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Circle dot = new Circle(6);
            dot.getStyleClass().add("node-dot");
            dot.fillProperty().bind(Bindings.createObjectBinding(() -> Color.web(StateLook.dot(
                    severities.getOrDefault(item, "CONNECTING"))), severities));
            dot.idProperty().bind(Bindings.createStringBinding(() -> "node-dot-" + severities.getOrDefault(item,
                    "CONNECTING").toLowerCase(java.util.Locale.ROOT), severities));
            setGraphic(dot);
            textProperty().bind(Bindings.createStringBinding(() -> item.name() + " \u2014 " + item.url()
                    + word(severities.get(item)), severities));
        }

        private static String word(String severity) {
            return severity == null ? "" : switch (severity) {
                case "OK" -> " (all well)";
                case "WARNING" -> " (needs a person)";
                case "ALERT" -> " (needs a person now)";
                case "UNREACHABLE" -> " (unreachable)";
                case "REFUSED" -> " (refuses this token)";
                default -> "";
            };
        }
    }
}
