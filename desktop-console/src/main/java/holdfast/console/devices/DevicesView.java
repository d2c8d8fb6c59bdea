package holdfast.console.devices;

import holdfast.console.format.Shown;
import holdfast.console.format.StateCell;
import holdfast.console.format.StateLook;
import holdfast.shared.api.DeviceItem;
import java.time.ZoneId;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Devices, silent first: state as colour, icon and word, ward and bed, last seen (local time with zone), readings in
 * the last 5 and 60 minutes with their unit, the expected interval and the last dead letter. A ward filter (Alt+W). Only binds.
 */
public final class DevicesView extends VBox {

    public DevicesView(DevicesViewModel model, ZoneId zone) {
        ComboBox<String> ward = new ComboBox<>(model.wards());
        ward.setId("devices-ward");
        ward.valueProperty().bindBidirectional(model.wardProperty());
        ward.setAccessibleText("Ward shown");
        Label wardLabel = new Label("_Ward");
        wardLabel.setMnemonicParsing(true);
        wardLabel.setLabelFor(ward);
        Label stale = new Label();
        stale.setId("devices-stale");
        stale.textProperty().bind(model.staleProperty());
        stale.setStyle(StateLook.style("UNREACHABLE") + " -fx-font-weight: bold; -fx-padding: 2 6 2 6;");
        stale.visibleProperty().bind(model.staleProperty().isNotEmpty());
        stale.managedProperty().bind(stale.visibleProperty());
        HBox top = new HBox(8, wardLabel, ward, stale);
        top.setAlignment(Pos.CENTER_LEFT);

        TableView<DeviceItem> table = new TableView<>(model.items());
        table.setId("devices-table");
        table.setPlaceholder(new Label("No devices registered or seen yet."));
        TableColumn<DeviceItem, String> state = column("State", DeviceItem::state);
        state.setCellFactory(c -> new StateCell<>(StateLook::of));
        state.setPrefWidth(120);
        table.getColumns().add(state);
        table.getColumns().add(column("Device", DeviceItem::deviceId, 90));
        table.getColumns().add(column("Ward", d -> nz(d.ward()), 80));
        table.getColumns().add(column("Bed", d -> nz(d.bed()), 60));
        table.getColumns().add(column("Channel", d -> d.channel() == null ? "none yet" : d.channel(), 65));
        table.getColumns().add(column("Last seen", d -> Shown.time(d.lastSeenAt(), zone, "never"), 170));
        table.getColumns().add(column("Readings (5 min / 60 min)", d -> d.readingsLast5Minutes() + " / "
                + Shown.count(d.readingsLast60Minutes(), "reading"), 170));
        table.getColumns().add(column("Expected", d -> Shown.every(d.expectedIntervalSeconds())
                + (d.intervalSource() == null ? "" : " (" + d.intervalSource() + ")"), 165));
        table.getColumns().add(column("Last dead letter", d -> d.lastDeadLetterAt() == null ? "none"
                : d.lastDeadLetterReason() + " (" + Shown.time(d.lastDeadLetterAt(), zone, "") + ")"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        Label message = new Label();
        message.setId("devices-message");
        message.textProperty().bind(model.messageProperty());
        setSpacing(8);
        setPadding(new Insets(8));
        getChildren().addAll(top, table, message);
    }

    private static String nz(String s) {
        return s == null ? "unknown" : s;
    }

    private static TableColumn<DeviceItem, String> column(String title, Function<DeviceItem, String> value,
                                                          double width) {
        TableColumn<DeviceItem, String> c = column(title, value);
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<DeviceItem, String> column(String title, Function<DeviceItem, String> value) {
        TableColumn<DeviceItem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }
}
