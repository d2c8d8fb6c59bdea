package holdfast.console.deadletters;

import holdfast.shared.api.DeadLetterItem;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Dead letters: list and detail (source, error, payload hash, priority), and reprocess or discard with a
 * required reason. Never shows the payload itself.
 */
public final class DeadLettersView extends SplitPane {

    public DeadLettersView(DeadLettersViewModel model) {
        TableView<DeadLetterItem> table = new TableView<>(model.items());
        table.setId("dead-letters-table");
        Label placeholder = new Label();
        placeholder.textProperty().bind(model.placeholderProperty());
        table.setPlaceholder(placeholder);
        table.opacityProperty().bind(model.staleProperty().map(s -> s ? 0.5 : 1.0));
        table.getColumns().add(column("#", d -> String.valueOf(d.id())));
        table.getColumns().add(column("Received", d -> String.valueOf(d.receivedAt())));
        table.getColumns().add(column("Channel", DeadLetterItem::channel));
        table.getColumns().add(column("Source", d -> d.sourceSystem() == null ? "" : d.sourceSystem()));
        table.getColumns().add(column("Error", DeadLetterItem::error));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, old, d) -> model.selectedProperty().set(d));
        TextArea detail = new TextArea();
        detail.setId("dead-letter-detail");
        detail.setEditable(false);
        detail.setWrapText(true);
        model.selectedProperty().addListener((o, old, d) -> detail.setText(describe(d)));
        VBox left = new VBox(8, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        left.setPadding(new Insets(8));
        Button reprocess = new Button("_Reprocess\u2026");
        reprocess.setId("reprocess");
        reprocess.setTooltip(new javafx.scene.control.Tooltip(
                "Feed it through its channel again (Alt+R); it becomes an event if it passes the checks now"));
        reprocess.disableProperty().bind(model.mayActProperty().not());
        reprocess.setOnAction(e -> new ReasonDialog("Reprocess dead letter", "Feed dead letter #" + selectedId(model)
                + " through its channel again? Say why it should pass now.", "Reprocess").showAndWait()
                .ifPresent(model::reprocess));
        Button discard = new Button("Dis_card\u2026");
        discard.setId("discard");
        discard.setTooltip(new javafx.scene.control.Tooltip("Let it go, keeping it and the reason (Alt+C)"));
        discard.disableProperty().bind(model.mayActProperty().not());
        discard.setOnAction(e -> new ReasonDialog("Discard dead letter", "Let dead letter #" + selectedId(model)
                + " go? It is kept, closed, with your reason.", "Discard").showAndWait().ifPresent(model::discard));
        Label message = new Label();
        message.setId("dead-letters-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        VBox right = new VBox(8, new Label("Detail"), detail, new javafx.scene.layout.HBox(8, reprocess, discard),
                message);
        VBox.setVgrow(detail, Priority.ALWAYS);
        right.setPadding(new Insets(8));
        getItems().addAll(left, right);
        setDividerPositions(0.6);
    }

    private static String selectedId(DeadLettersViewModel model) {
        return model.selectedProperty().get() == null ? "?" : String.valueOf(model.selectedProperty().get().id());
    }

    static String describe(DeadLetterItem d) {
        if (d == null) {
            return "";
        }
        return "Dead letter #" + d.id() + " (" + d.status() + ")\nReceived " + d.receivedAt() + " over " + d.channel()
                + "\nSource " + (d.sourceSystem() == null ? "unknown" : d.sourceSystem())
                + "\nCorrelation id " + d.correlationId()
                + "\nIdempotency key " + (d.idempotencyKey() == null ? "none" : d.idempotencyKey())
                + "\nPriority asked for " + (d.priority() == null ? "none given" : d.priority())
                + (d.reprocessedEventId() == null ? "" : "\nReprocessed into event " + d.reprocessedEventId())
                + "\nPayload SHA-256 " + d.payloadSha256() + " (" + d.payloadSize() + " bytes"
                + (d.truncated() ? ", kept truncated" : "") + ", " + d.contentType() + ")"
                + "\n\nError: " + d.error()
                + "\n\nReprocess it when the cause is gone (e.g. disk space freed, sender fixed); discard it when it"
                + " may be let go. Find the message by its correlation id in the sender's log.";
    }

    private static TableColumn<DeadLetterItem, String> column(String title, Function<DeadLetterItem, String> value) {
        TableColumn<DeadLetterItem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }
}
