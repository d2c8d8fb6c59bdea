package holdfast.console.alerts;

import holdfast.shared.api.AlertItem;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Open local alerts with their escalation level, and acknowledge. Only binds to its view model. */
public final class AlertsView extends VBox {

    public AlertsView(AlertsViewModel model) {
        TableView<AlertItem> table = new TableView<>(model.items());
        table.setId("alerts-table");
        table.setPlaceholder(new Label("No open alerts."));
        table.getColumns().add(column("Level", a -> "Level " + a.level()));
        table.getColumns().add(column("Ward", a -> nz(a.ward())));
        table.getColumns().add(column("Bed", a -> nz(a.bed())));
        table.getColumns().add(column("Rule", AlertItem::rule));
        table.getColumns().add(column("Last value", AlertItem::valueWithUnit));
        table.getColumns().add(column("Readings", a -> String.valueOf(a.occurrences())));
        table.getColumns().add(column("Raised", a -> String.valueOf(a.raisedAt())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, old, a) -> model.selectedProperty().set(a));
        VBox.setVgrow(table, Priority.ALWAYS);
        Button acknowledge = new Button("_Acknowledge");
        acknowledge.setId("alert-acknowledge");
        acknowledge.disableProperty().bind(model.mayAcknowledgeProperty().not());
        acknowledge.setOnAction(e -> model.acknowledge());
        Label message = new Label();
        message.setId("alerts-message");
        message.textProperty().bind(model.messageProperty());
        setSpacing(8);
        setPadding(new Insets(8));
        getChildren().addAll(table, new HBox(12, acknowledge, message));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static TableColumn<AlertItem, String> column(String title, Function<AlertItem, String> value) {
        TableColumn<AlertItem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }
}
