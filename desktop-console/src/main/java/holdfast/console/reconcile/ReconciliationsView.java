package holdfast.console.reconcile;

import holdfast.shared.api.ReconciliationItem;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Pending reconciliations: a sortable, filterable table, a detail pane (event summary, the cloud's reason
 * and view), and the four resolve actions with a required reason. Only binds to its view model.
 */
public final class ReconciliationsView extends SplitPane {

    public ReconciliationsView(ReconciliationsViewModel model) {
        TextField filter = new TextField();
        filter.setId("reconciliation-filter");
        filter.setPromptText("Filter by lane, kind, bed, patient, reason\u2026");
        FilteredList<ReconciliationItem> filtered = new FilteredList<>(model.items());
        filter.textProperty().addListener((obs, old, text) -> filtered.setPredicate(item -> matches(item, text)));
        SortedList<ReconciliationItem> sorted = new SortedList<>(filtered);
        TableView<ReconciliationItem> table = new TableView<>(sorted);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setId("reconciliations-table");
        table.setPlaceholder(new Label("No pending reconciliations."));
        table.getColumns().add(column("#", i -> String.valueOf(i.id())));
        table.getColumns().add(column("Opened", i -> i.openedAt() == null ? "" : i.openedAt().toString()));
        table.getColumns().add(column("Lane", ReconciliationItem::lane));
        table.getColumns().add(column("Kind", ReconciliationItem::kind));
        table.getColumns().add(column("Verdict", ReconciliationItem::verdict));
        table.getColumns().add(column("Bed", i -> i.subject() == null ? "" : nz(i.subject().bed())));
        table.getColumns().add(column("Patient", i -> i.subject() == null ? "" : nz(i.subject().patientId())));
        table.getColumns().add(column("Cloud's reason", i -> nz(i.reason())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> model.selectedProperty().set(item));
        VBox.setVgrow(table, Priority.ALWAYS);

        TextArea detail = new TextArea();
        detail.setId("reconciliation-detail");
        detail.setEditable(false);
        detail.setWrapText(true);
        model.selectedProperty().addListener((obs, old, item) -> detail.setText(describe(item)));

        TextField reason = new TextField();
        reason.setId("resolve-reason");
        reason.setPromptText("Reason (required, kept in the audit trail)");
        TextField patient = new TextField();
        patient.setId("resolve-patient");
        patient.setPromptText("Patient id (reattribute)");
        TextField encounter = new TextField();
        encounter.setId("resolve-encounter");
        encounter.setPromptText("Encounter id (optional)");
        FlowPane actions = new FlowPane(8, 8);
        java.util.Map<String, String> titles = java.util.Map.of("resend", "_Resend", "reattribute", "Reat_tribute",
                "void", "_Void", "accept", "A_ccept");
        for (String action : new String[] {"resend", "reattribute", "void", "accept"}) {
            Button b = new Button(titles.get(action));
            b.setId("resolve-" + action);
            b.disableProperty().bind(model.mayResolveProperty().not());
            b.setOnAction(e -> model.resolve(action, reason.getText(), patient.getText(), encounter.getText()));
            actions.getChildren().add(b);
        }
        Label role = new Label();
        role.setId("resolve-role");
        role.textProperty().bind(model.roleProperty().map(r -> r.isEmpty() ? "" : "Signed in as " + r
                + (ReconciliationsViewModel.RESOLVING_ROLES.contains(r) ? "" : " (view only: actions need operator or admin)")));
        Label message = new Label();
        message.setId("resolve-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        VBox right = new VBox(8, new Label("Detail"), detail, mnemonic("R_eason", reason), reason,
                new HBox(8, mnemonic("_Patient", patient), patient, encounter), actions, role, message);
        right.setPadding(new Insets(8));
        VBox.setVgrow(detail, Priority.ALWAYS);
        VBox left = new VBox(8, new HBox(8, mnemonic("_Filter", filter), filter), table);
        HBox.setHgrow(filter, Priority.ALWAYS);
        left.setPadding(new Insets(8));
        getItems().addAll(left, right);
        setDividerPositions(0.6);
    }

    private static Label mnemonic(String text, javafx.scene.Node field) {
        Label label = new Label(text);
        label.setMnemonicParsing(true);
        label.setLabelFor(field);
        return label;
    }

    private static boolean matches(ReconciliationItem item, String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String needle = text.toLowerCase(Locale.ROOT);
        String hay = String.join(" ", nz(item.lane()), nz(item.kind()), nz(item.verdict()), nz(item.reason()),
                item.subject() == null ? "" : nz(item.subject().bed()) + " " + nz(item.subject().patientId()))
                .toLowerCase(Locale.ROOT);
        return hay.contains(needle);
    }

    static String describe(ReconciliationItem i) {
        if (i == null) {
            return "";
        }
        return "Reconciliation #" + i.id() + " (" + i.status() + ")\n"
                + "Event " + i.eventId() + "  " + i.kind() + ", lane " + i.lane() + " #" + i.laneSeq() + "\n"
                + "Key " + i.idempotencyKey() + "\n"
                + "Subject " + (i.subject() == null ? "unknown" : "patient " + nz(i.subject().patientId())
                        + ", encounter " + nz(i.subject().encounterId()) + ", bed " + nz(i.subject().bed())
                        + ", device " + nz(i.subject().deviceId())) + "\n\n"
                + "Cloud's verdict: " + i.verdict() + "\nCloud's reason: " + nz(i.reason()) + "\n"
                + "Cloud's view: " + (i.cloud() == null ? "none" : i.cloud().toPrettyString()) + "\n\n"
                + "Opened " + i.openedAt()
                + (i.resolution() == null ? "" : "\nResolved " + i.resolution() + " by " + i.resolvedBy() + " at "
                        + i.resolvedAt() + ": " + i.resolutionReason());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static TableColumn<ReconciliationItem, String> column(String title,
                                                                  Function<ReconciliationItem, String> value) {
        TableColumn<ReconciliationItem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }
}
