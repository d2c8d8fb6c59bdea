package holdfast.console.senders;

import holdfast.console.format.Shown;
import holdfast.console.format.StateCell;
import holdfast.console.format.StateLook;
import holdfast.shared.api.SenderItem;
import java.time.ZoneId;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * HL7 senders, silent first: state as colour, icon and word, application and facility, connections, last message
 * (local time with zone), answers per ACK code with their unit, the last refusal and the gap it normally keeps.
 * Only binds.
 */
public final class SendersView extends VBox {

    public SendersView(SendersViewModel model, ZoneId zone) {
        Label stale = new Label();
        stale.setId("senders-stale");
        stale.textProperty().bind(model.staleProperty());
        stale.setStyle(StateLook.style("UNREACHABLE") + " -fx-font-weight: bold; -fx-padding: 2 6 2 6;");
        stale.visibleProperty().bind(model.staleProperty().isNotEmpty());
        stale.managedProperty().bind(stale.visibleProperty());
        TableView<SenderItem> table = new TableView<>(model.items());
        table.setId("senders-table");
        table.setPlaceholder(new Label("No HL7 sender has connected yet, and none is configured (senders.expected)."));
        TableColumn<SenderItem, String> state = column("State", SenderItem::state);
        state.setCellFactory(c -> new StateCell<>(StateLook::of));
        state.setPrefWidth(120);
        table.getColumns().add(state);
        table.getColumns().add(column("Sender (MSH-3)", SenderItem::application, 130));
        table.getColumns().add(column("Facility (MSH-4)", s -> s.facility().isEmpty() ? "any" : s.facility(), 125));
        table.getColumns().add(column("Connected", s -> Shown.count(s.connections(), "connection"), 110));
        table.getColumns().add(column("Last message", s -> Shown.time(s.lastMessageAt(), zone, "never"), 170));
        table.getColumns().add(column("Answers (messages)", s -> s.acks("AA") + " AA \u00B7 " + s.acks("AE")
                + " AE \u00B7 " + s.acks("AR") + " AR", 185));
        table.getColumns().add(column("Last refusal", s -> s.lastErrorCode() == null ? "none"
                : s.lastErrorWords() + " (" + Shown.time(s.lastErrorAt(), zone, "") + ")", 300));
        table.getColumns().add(column("Normal gap", s -> Shown.every(s.expectedGapSeconds())
                + (s.gapSource() == null ? "" : " (" + s.gapSource() + ")"), 180));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        Label message = new Label();
        message.setId("senders-message");
        message.textProperty().bind(model.messageProperty());
        setSpacing(8);
        setPadding(new Insets(8));
        getChildren().addAll(stale, table, message);
    }

    private static TableColumn<SenderItem, String> column(String title, Function<SenderItem, String> value,
                                                          double width) {
        TableColumn<SenderItem, String> c = column(title, value);
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<SenderItem, String> column(String title, Function<SenderItem, String> value) {
        TableColumn<SenderItem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }
}
