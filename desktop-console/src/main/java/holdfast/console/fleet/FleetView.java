package holdfast.console.fleet;

import holdfast.console.connection.NodeConnection;
import holdfast.console.format.Shown;
import holdfast.console.format.StateLook;
import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The fleet overview: one row per remembered node with its state (colour, icon and word), mode, worst open item
 * and last contact (local time with zone). Enter, a double click or <em>Open</em> shows the chosen node. Only binds
 * to its view model.
 */
public final class FleetView extends VBox {

    public FleetView(FleetViewModel model, ZoneId zone, Consumer<NodeConnection> open) {
        TableView<FleetRow> table = new TableView<>(model.rows());
        table.setId("fleet-table");
        table.setPlaceholder(new Label("No edge node yet: choose \u201cAdd node\u2026\u201d (Ctrl+N)."));
        TableColumn<FleetRow, FleetRow> state = new TableColumn<>("State");
        state.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cd.getValue()));
        state.setCellFactory(c -> new SeverityCell());
        state.setPrefWidth(170);
        table.getColumns().add(state);
        table.getColumns().add(column("Node", r -> r.node().name(), 110));
        table.getColumns().add(column("Mode", FleetRow::mode, 300));
        table.getColumns().add(column("Worst open item", FleetRow::worst, 380));
        table.getColumns().add(column("Last contact", r -> Shown.time(r.lastContact(), zone, "never"), 170));
        table.getColumns().add(column("URL", r -> r.node().url()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> {
            TableRow<FleetRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    open.accept(row.getItem().node());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                open.accept(table.getSelectionModel().getSelectedItem().node());
            }
        });
        keepSelection(table);
        VBox.setVgrow(table, Priority.ALWAYS);
        Button openButton = new Button("_Open node");
        openButton.setId("fleet-open");
        openButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        openButton.setOnAction(e -> open.accept(table.getSelectionModel().getSelectedItem().node()));
        Label summary = new Label();
        summary.setId("fleet-summary");
        summary.textProperty().bind(model.summaryProperty().map(s -> "Fleet: " + s
                + ". Every node is asked for its status every few seconds."));
        setSpacing(8);
        setPadding(new Insets(8));
        getChildren().addAll(table, new HBox(12, openButton, summary));
    }

    /** Every poll replaces the rows: the node a person chose stays chosen. */
    private static void keepSelection(TableView<FleetRow> table) {
        NodeConnection[] chosen = new NodeConnection[1];
        table.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
            if (now != null) {
                chosen[0] = now.node();
            }
        });
        table.getItems().addListener((ListChangeListener<FleetRow>) change -> {
            if (chosen[0] != null && table.getSelectionModel().getSelectedItem() == null) {
                table.getItems().stream().filter(r -> r.node().equals(chosen[0])).findFirst()
                        .ifPresent(r -> table.getSelectionModel().select(r));
            }
        });
    }

    private static TableColumn<FleetRow, String> column(String title, Function<FleetRow, String> value, double width) {
        TableColumn<FleetRow, String> c = column(title, value);
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<FleetRow, String> column(String title, Function<FleetRow, String> value) {
        TableColumn<FleetRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    /** The node's severity as colour and its state in words with an icon. */
    private static final class SeverityCell extends TableCell<FleetRow, FleetRow> {
        @Override
        protected void updateItem(FleetRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setText(null);
                setStyle("");
                return;
            }
            String severity = row.severity();
            String icon = switch (severity) {
                case "OK" -> "\u2714";
                case "WARNING" -> "\u26A0";
                case "ALERT" -> "\u26D4";
                case "UNREACHABLE", "REFUSED" -> "\u2716";
                default -> "\u2026";
            };
            setText(icon + " " + row.state());
            setStyle(StateLook.style(severity) + " -fx-font-weight: bold;");
            setAccessibleText(severity + ": " + row.state());
            getProperties().put("severity", severity);
        }
    }
}
