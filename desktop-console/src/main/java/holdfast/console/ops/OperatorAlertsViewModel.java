package holdfast.console.ops;

import holdfast.console.client.EdgeNodeClient;
import holdfast.console.connection.CallerRole;
import holdfast.console.format.ListLoad;
import holdfast.shared.api.OperatorAlertItem;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The node's operator alerts, open first then newest, and the acknowledge command with a reason (operator or
 * admin, not yet acknowledged; the node checks again). State on the UI executor only; network calls on the
 * background executor.
 */
public final class OperatorAlertsViewModel {

    private final EdgeNodeClient client;
    private final Executor background;
    private final Executor ui;
    private final ReadOnlyStringProperty role;
    private final ListLoad load;
    private final ObservableList<OperatorAlertItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<OperatorAlertItem> selected = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper mayAcknowledge = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Loading operator alerts\u2026");

    public OperatorAlertsViewModel(EdgeNodeClient client, ReadOnlyStringProperty role, ReadOnlyBooleanProperty reachable,
                                   Executor background, Executor ui, Clock clock) {
        this.client = client;
        this.role = role;
        this.background = background;
        this.ui = ui;
        this.load = new ListLoad("operator alerts", reachable, background, ui, clock, message);
        selected.addListener((obs, old, now) -> update());
        role.addListener((obs, old, now) -> update());
    }

    public ObservableList<OperatorAlertItem> items() {
        return items;
    }

    public ObjectProperty<OperatorAlertItem> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty mayAcknowledgeProperty() {
        return mayAcknowledge.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty staleProperty() {
        return load.staleProperty();
    }

    public void refresh() {
        load.load(() -> client.operatorAlerts("all").stream()
                .sorted(Comparator.comparing((OperatorAlertItem a) -> !"open".equals(a.status()))
                        .thenComparing(OperatorAlertItem::raisedAt, Comparator.reverseOrder()))
                .toList(), loaded -> {
                    Long keep = selected.get() == null ? null : selected.get().id();
                    items.setAll(loaded);
                    selected.set(keep == null ? null
                            : loaded.stream().filter(a -> a.id() == keep).findFirst().orElse(null));
                    long open = loaded.stream().filter(a -> "open".equals(a.status())).count();
                    message.set(open == 0 ? "No open operator alert." : open + (open == 1 ? " open operator alert."
                            : " open operator alerts."));
                    update();
                });
    }

    /** Acknowledges the selected alert with {@code reason} (required; kept in the node's audit trail). */
    public void acknowledge(String reason) {
        OperatorAlertItem alert = selected.get();
        if (alert == null || reason == null || reason.isBlank()) {
            message.set(alert == null ? "Select an operator alert first." : "Say why: a reason is required.");
            return;
        }
        background.execute(() -> {
            try {
                client.acknowledgeOperatorAlert(alert.id(), reason.trim());
                ui.execute(() -> message.set("Operator alert #" + alert.id() + " (" + alert.condition()
                        + ") acknowledged."));
                refresh();
            } catch (RuntimeException e) {
                ui.execute(() -> message.set("Not acknowledged: " + e.getMessage()));
            }
        });
    }

    private void update() {
        OperatorAlertItem a = selected.get();
        mayAcknowledge.set(a != null && a.acknowledgedBy() == null && CallerRole.mayAct(role.get()));
    }
}
