package holdfast.console.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.shared.api.ReconciliationGroupItem;
import holdfast.shared.api.ReconciliationItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Pending reconciliations: the causes (grouped, largest first, each resolvable at once with one reason), a
 * sortable, filterable table of the reconciliations of the chosen cause (or all), a detail pane of labelled
 * fields in local time with the cloud's view as a table, and the four resolve actions with a required reason.
 * Only binds to its view model.
 */
public final class ReconciliationsView extends SplitPane {

    private static final Map<String, String> TITLES = Map.of("resend", "_Resend", "reattribute", "Reat_tribute",
            "void", "_Void", "accept", "A_ccept");

    public ReconciliationsView(ReconciliationsViewModel model) {
        TableView<ReconciliationGroupItem> groups = new TableView<>(model.groups());
        groups.setId("reconciliation-groups");
        groups.setPlaceholder(new Label("No open reconciliations."));
        groups.getColumns().add(column("Count", (ReconciliationGroupItem g) -> String.valueOf(g.count()), 70, true));
        groups.getColumns().add(column("Verdict", ReconciliationGroupItem::verdict, 90, false));
        groups.getColumns().add(column("Where", ReconciliationGroupItem::where, 150, false));
        groups.getColumns().add(column("Lane", ReconciliationGroupItem::lane, 80, false));
        groups.getColumns().add(column("Since",
                (ReconciliationGroupItem g) -> model.local(g.oldestOpenedAt()), 160, false));
        groups.getColumns().add(column("Cloud's reason", (ReconciliationGroupItem g) -> nz(g.reason()), 300, false));
        groups.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        groups.setPrefHeight(150);
        groups.getSelectionModel().selectedItemProperty().addListener((o, old, g) -> model.selectedGroupProperty().set(g));
        model.selectedGroupProperty().addListener((o, old, g) -> {
            if (g == null) {
                groups.getSelectionModel().clearSelection();
            } else if (groups.getSelectionModel().getSelectedItem() != g) {
                groups.getSelectionModel().select(g);
            }
        });
        Button all = new Button("Show _all");
        all.setId("reconciliation-groups-all");
        all.setOnAction(e -> model.selectedGroupProperty().set(null));

        TextField filter = new TextField();
        filter.setId("reconciliation-filter");
        filter.setPromptText("Filter by lane, kind, bed, patient, reason\u2026");
        FilteredList<ReconciliationItem> filtered = new FilteredList<>(model.items());
        Runnable refilter = () -> {
            ReconciliationGroupItem g = model.selectedGroupProperty().get();
            String text = filter.getText();
            filtered.setPredicate(item -> (g == null || g.ids().contains(item.id())) && matches(item, text));
        };
        filter.textProperty().addListener((obs, old, text) -> refilter.run());
        model.selectedGroupProperty().addListener((obs, old, g) -> refilter.run());
        SortedList<ReconciliationItem> sorted = new SortedList<>(filtered);
        TableView<ReconciliationItem> table = new TableView<>(sorted);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setId("reconciliations-table");
        table.setPlaceholder(new Label("No pending reconciliations."));
        table.getColumns().add(column("#", (ReconciliationItem i) -> String.valueOf(i.id()), 60, true));
        table.getColumns().add(column("Opened", (ReconciliationItem i) -> model.local(i.openedAt()), 160, false));
        table.getColumns().add(column("Lane", ReconciliationItem::lane, 80, false));
        table.getColumns().add(column("Kind", ReconciliationItem::kind, 90, false));
        table.getColumns().add(column("Verdict", ReconciliationItem::verdict, 80, false));
        table.getColumns().add(column("Bed",
                (ReconciliationItem i) -> i.subject() == null ? "" : nz(i.subject().bed()), 80, false));
        table.getColumns().add(column("Patient",
                (ReconciliationItem i) -> i.subject() == null ? "" : nz(i.subject().patientId()), 90, false));
        table.getColumns().add(column("Cloud's reason", (ReconciliationItem i) -> nz(i.reason()), 300, false));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> model.selectedProperty().set(item));
        table.opacityProperty().bind(model.staleProperty().map(s -> s ? 0.5 : 1.0));
        groups.opacityProperty().bind(model.staleProperty().map(s -> s ? 0.5 : 1.0));
        VBox.setVgrow(table, Priority.ALWAYS);

        GridPane detail = new GridPane(10, 4);
        detail.setId("reconciliation-detail");
        TableView<Map.Entry<String, String>> cloudView = new TableView<>();
        cloudView.setId("reconciliation-cloud-view");
        cloudView.setPlaceholder(new Label("The cloud sent no view of its own."));
        TableColumn<Map.Entry<String, String>, String> field = new TableColumn<>("Cloud's field");
        field.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().getKey()));
        TableColumn<Map.Entry<String, String>, String> value = new TableColumn<>("Cloud's value");
        value.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().getValue()));
        cloudView.getColumns().add(field);
        cloudView.getColumns().add(value);
        cloudView.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        cloudView.setPrefHeight(120);
        model.selectedProperty().addListener((obs, old, item) -> {
            fill(detail, item, model);
            cloudView.setItems(FXCollections.observableArrayList(cloudFields(item)));
        });
        fill(detail, null, model);

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
        for (String action : new String[] {"resend", "reattribute", "void", "accept"}) {
            Button b = new Button(TITLES.get(action));
            b.setId("resolve-" + action);
            b.disableProperty().bind(model.mayResolveProperty().not());
            b.setOnAction(e -> model.resolve(action, reason.getText(), patient.getText(), encounter.getText()));
            actions.getChildren().add(b);
        }
        ComboBox<String> groupAction = new ComboBox<>(FXCollections.observableArrayList("resend", "reattribute",
                "void", "accept"));
        groupAction.setId("group-action");
        groupAction.getSelectionModel().select("resend");
        Button resolveGroup = new Button("Resolve whole _group");
        resolveGroup.setId("resolve-group");
        resolveGroup.disableProperty().bind(model.mayResolveGroupProperty().not());
        resolveGroup.textProperty().bind(model.selectedGroupProperty().map(g -> "Resolve whole _group ("
                + g.count() + ")").orElse("Resolve whole _group"));
        resolveGroup.setOnAction(e -> model.resolveGroup(groupAction.getValue(), reason.getText(), patient.getText(),
                encounter.getText()));
        Label role = new Label();
        role.setId("resolve-role");
        role.textProperty().bind(model.roleProperty().map(r -> r.isEmpty() ? "" : "Signed in as " + r
                + (ReconciliationsViewModel.RESOLVING_ROLES.contains(r) ? "" : " (view only: actions need operator or admin)")));
        Label message = new Label();
        message.setId("resolve-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        VBox right = new VBox(8, new Label("Detail"), detail, cloudView, mnemonic("R_eason", reason), reason,
                new HBox(8, mnemonic("_Patient", patient), patient, encounter),
                new Label("This reconciliation:"), actions,
                new Label("The chosen group, with the reason above:"), new HBox(8, groupAction, resolveGroup),
                role, message);
        right.setPadding(new Insets(8));
        VBox left = new VBox(8, new HBox(8, new Label("Causes"), all), groups,
                new HBox(8, mnemonic("_Filter", filter), filter), table);
        HBox.setHgrow(filter, Priority.ALWAYS);
        left.setPadding(new Insets(8));
        getItems().addAll(left, right);
        setDividerPositions(0.62);
    }

    private static void fill(GridPane detail, ReconciliationItem i, ReconciliationsViewModel model) {
        detail.getChildren().clear();
        if (i == null) {
            detail.add(new Label("Choose a reconciliation to see it here."), 0, 0, 2, 1);
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Reconciliation", "#" + i.id() + " (" + i.status() + ")"});
        rows.add(new String[] {"Opened", model.local(i.openedAt())});
        rows.add(new String[] {"Event", nz(i.kind()) + ", lane " + nz(i.lane()) + " #" + i.laneSeq()});
        rows.add(new String[] {"Event id", nz(i.eventId())});
        rows.add(new String[] {"Patient", i.subject() == null ? "" : nz(i.subject().patientId())});
        rows.add(new String[] {"Encounter", i.subject() == null ? "" : nz(i.subject().encounterId())});
        rows.add(new String[] {"Bed", i.subject() == null ? "" : nz(i.subject().bed())});
        rows.add(new String[] {"Device", i.subject() == null ? "" : nz(i.subject().deviceId())});
        rows.add(new String[] {"Cloud's verdict", nz(i.verdict())});
        rows.add(new String[] {"Cloud's reason", nz(i.reason())});
        if (i.resolution() != null) {
            rows.add(new String[] {"Resolved", i.resolution() + " by " + i.resolvedBy() + ", "
                    + model.local(i.resolvedAt()) + ": " + nz(i.resolutionReason())});
        }
        for (int r = 0; r < rows.size(); r++) {
            Label name = new Label(rows.get(r)[0]);
            name.setStyle("-fx-font-weight: bold;");
            Label text = new Label(rows.get(r)[1]);
            text.setWrapText(true);
            detail.add(name, 0, r);
            detail.add(text, 1, r);
        }
    }

    /** The cloud's own view, flattened to field and value (nested fields as a.b). */
    static List<Map.Entry<String, String>> cloudFields(ReconciliationItem i) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        if (i != null && i.cloud() != null) {
            flatten("", i.cloud(), fields);
        }
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, List<Map.Entry<String, String>> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), into));
        } else {
            into.add(Map.entry(prefix.isEmpty() ? "value" : prefix, node.isTextual() ? node.asText() : node.toString()));
        }
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

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value, double width,
                                                     boolean number) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        c.setStyle(number ? "-fx-alignment: CENTER-RIGHT;" : "-fx-alignment: CENTER-LEFT;");
        return c;
    }
}
