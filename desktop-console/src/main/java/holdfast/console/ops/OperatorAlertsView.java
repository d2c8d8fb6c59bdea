package holdfast.console.ops;

import holdfast.console.format.Shown;
import holdfast.console.format.StateCell;
import holdfast.console.format.StateLook;
import holdfast.shared.api.OperatorAlertItem;
import java.time.ZoneId;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Operator alerts, open first: state as colour, icon and word, the condition, its cause in words, the runbook to
 * open, raised and cleared (local time with zone), who acknowledged. <em>Acknowledge…</em> (Alt+K) asks for the
 * reason; disabled for a viewer's token. Only binds.
 */
public final class OperatorAlertsView extends VBox {

    public OperatorAlertsView(OperatorAlertsViewModel model, ZoneId zone) {
        Label stale = new Label();
        stale.setId("operator-alerts-stale");
        stale.textProperty().bind(model.staleProperty());
        stale.setStyle(StateLook.style("UNREACHABLE") + " -fx-font-weight: bold; -fx-padding: 2 6 2 6;");
        stale.visibleProperty().bind(model.staleProperty().isNotEmpty());
        stale.managedProperty().bind(stale.visibleProperty());
        TableView<OperatorAlertItem> table = new TableView<>(model.items());
        table.setId("operator-alerts-table");
        table.setPlaceholder(new Label("The node has raised no operator alert."));
        TableColumn<OperatorAlertItem, String> state = column("State", OperatorAlertItem::status);
        state.setCellFactory(c -> new StateCell<>(StateLook::of));
        state.setPrefWidth(100);
        table.getColumns().add(state);
        TableColumn<OperatorAlertItem, String> condition = column("Condition", OperatorAlertItem::condition);
        condition.setPrefWidth(130);
        table.getColumns().add(condition);
        TableColumn<OperatorAlertItem, String> cause = column("Cause", OperatorAlertItem::cause);
        cause.setPrefWidth(420);
        table.getColumns().add(cause);
        TableColumn<OperatorAlertItem, String> runbook = column("Runbook", OperatorAlertItem::runbook);
        runbook.setPrefWidth(130);
        table.getColumns().add(runbook);
        TableColumn<OperatorAlertItem, String> raised = column("Raised", a -> Shown.time(a.raisedAt(), zone, ""));
        raised.setPrefWidth(165);
        table.getColumns().add(raised);
        TableColumn<OperatorAlertItem, String> cleared = column("Cleared", a -> Shown.time(a.clearedAt(), zone,
                "still open"));
        cleared.setPrefWidth(165);
        table.getColumns().add(cleared);
        table.getColumns().add(column("Acknowledged", a -> a.acknowledgedBy() == null ? "not yet"
                : a.acknowledgedBy() + ", " + Shown.time(a.acknowledgedAt(), zone, "")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, old, a) -> model.selectedProperty().set(a));
        // Each refresh replaces the rows; the view model keeps the chosen alert, and the table shows it chosen again.
        model.selectedProperty().addListener((o, old, a) -> {
            if (a != null && !a.equals(table.getSelectionModel().getSelectedItem())) {
                table.getSelectionModel().select(a);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        Button acknowledge = new Button("Ac_knowledge\u2026");
        acknowledge.setId("operator-alert-acknowledge");
        acknowledge.disableProperty().bind(model.mayAcknowledgeProperty().not());
        acknowledge.setOnAction(e -> {
            TextInputDialog ask = new TextInputDialog();
            ask.setTitle("Acknowledge operator alert");
            ask.setHeaderText("Why is this seen to? The reason is kept in the node's audit trail.");
            ask.getEditor().setId("operator-alert-reason");
            ask.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK).disableProperty()
                    .bind(ask.getEditor().textProperty().map(String::isBlank));
            ask.showAndWait().ifPresent(model::acknowledge);
        });
        Label message = new Label();
        message.setId("operator-alerts-message");
        message.textProperty().bind(model.messageProperty());
        setSpacing(8);
        setPadding(new Insets(8));
        getChildren().addAll(stale, table, new HBox(12, acknowledge, message));
    }

    private static TableColumn<OperatorAlertItem, String> column(String title,
                                                                 Function<OperatorAlertItem, String> value) {
        TableColumn<OperatorAlertItem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }
}
