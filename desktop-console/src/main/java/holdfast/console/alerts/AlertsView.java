package holdfast.console.alerts;

import holdfast.console.format.TwoToggles;
import holdfast.shared.api.AlertItem;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Local alerts: level with colour and icon, where (or the unmapped device), the value with its unit, local
 * times with their age; open or acknowledged (with who and when); several acknowledged at once with one reason.
 * A list the node could not confirm is greyed with the time it was true. Only binds to its view model.
 */
public final class AlertsView extends VBox {

    public AlertsView(AlertsViewModel model) {
        TwoToggles which = TwoToggles.of("Open", "alerts-view-open", AlertsViewModel.OPEN, "Acknowledged",
                "alerts-view-acknowledged", AlertsViewModel.ACKNOWLEDGED, model.viewProperty()::set);
        ToggleButton open = which.first();
        ToggleButton acknowledged = which.second();

        TableView<AlertItem> table = new TableView<>(model.items());
        table.setId("alerts-table");
        Label placeholder = new Label();
        placeholder.textProperty().bind(model.placeholderProperty());
        table.setPlaceholder(placeholder);
        table.getColumns().add(sized(levelColumn(), 100));
        table.getColumns().add(sized(column("Where", AlertsViewModel::where, false), 150));
        table.getColumns().add(sized(column("Device", a -> nz(a.deviceId()), false), 130));
        table.getColumns().add(sized(column("Rule", AlertItem::rule, false), 110));
        table.getColumns().add(sized(column("Last value", AlertItem::valueWithUnit, true), 100));
        table.getColumns().add(sized(column("Readings", a -> String.valueOf(a.occurrences()), true), 80));
        table.getColumns().add(sized(column("Raised", a -> model.ago(a.raisedAt()), false), 200));
        TableColumn<AlertItem, String> by = sized(column("Acknowledged by", a -> nz(a.acknowledgedBy()), false), 150);
        TableColumn<AlertItem, String> when = column("Acknowledged", a -> model.ago(a.acknowledgedAt()), false);
        by.visibleProperty().bind(acknowledged.selectedProperty());
        when.visibleProperty().bind(acknowledged.selectedProperty());
        table.getColumns().add(by);
        table.getColumns().add(when);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        // The table's selection and the model's follow each other, so a refresh that keeps the chosen alerts
        // shows them chosen: an acknowledgement never acts on rows the person cannot see selected.
        boolean[] syncing = {false};
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<AlertItem>) c -> {
            if (!syncing[0]) {
                syncing[0] = true;
                model.selection().setAll(java.util.List.copyOf(table.getSelectionModel().getSelectedItems()));
                syncing[0] = false;
            }
        });
        model.selection().addListener((ListChangeListener<AlertItem>) c -> {
            if (!syncing[0]) {
                syncing[0] = true;
                table.getSelectionModel().clearSelection();
                model.selection().forEach(table.getSelectionModel()::select);
                syncing[0] = false;
            }
        });
        table.opacityProperty().bind(model.staleProperty().map(s -> s ? 0.5 : 1.0));
        VBox.setVgrow(table, Priority.ALWAYS);

        TextField reason = new TextField();
        reason.setId("alert-reason");
        reason.setPromptText("Reason (required for several; kept in the audit trail)");
        reason.textProperty().bindBidirectional(model.reasonProperty());
        HBox.setHgrow(reason, Priority.ALWAYS);
        Button acknowledge = new Button("_Acknowledge selected");
        acknowledge.setId("alert-acknowledge");
        acknowledge.disableProperty().bind(model.mayAcknowledgeProperty().not());
        acknowledge.setOnAction(e -> model.acknowledge());
        reason.disableProperty().bind(acknowledged.selectedProperty());
        Label message = new Label();
        message.setId("alerts-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.styleProperty().bind(model.staleProperty().map(s -> s ? "-fx-text-fill: #8a6d00;" : ""));
        HBox actions = new HBox(8, reason, acknowledge);
        actions.setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
        setPadding(new Insets(8));
        getChildren().addAll(new HBox(4, open, acknowledged), table, actions, message);
    }

    /** Level 3 must not look like level 1: an icon and a colour per level, never colour alone. */
    private static TableColumn<AlertItem, String> levelColumn() {
        TableColumn<AlertItem, String> c = column("Level", a -> String.valueOf(a.level()), false);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String level, boolean empty) {
                super.updateItem(level, empty);
                if (empty || level == null) {
                    setText(null);
                    setStyle("");
                    return;
                }
                int n = Integer.parseInt(level);
                setText((n >= 3 ? "\u25B2\u25B2 " : n == 2 ? "\u25B2 " : "\u25CF ") + "Level " + n);
                setStyle("-fx-alignment: CENTER-LEFT; " + (n >= 3
                        ? "-fx-text-fill: white; -fx-background-color: #b3261e; -fx-font-weight: bold;"
                        : n == 2 ? "-fx-text-fill: black; -fx-background-color: #f4a340;"
                        : "-fx-text-fill: black; -fx-background-color: #fde68a;"));
            }
        });
        return c;
    }

    private static <T> TableColumn<AlertItem, T> sized(TableColumn<AlertItem, T> c, double width) {
        c.setPrefWidth(width);
        return c;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static TableColumn<AlertItem, String> column(String title, Function<AlertItem, String> value,
                                                         boolean number) {
        TableColumn<AlertItem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setStyle(number ? "-fx-alignment: CENTER-RIGHT;" : "-fx-alignment: CENTER-LEFT;");
        return c;
    }
}
