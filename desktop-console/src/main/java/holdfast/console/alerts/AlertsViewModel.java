package holdfast.console.alerts;

import holdfast.console.client.EdgeNodeClient;
import holdfast.console.connection.CallerRole;
import holdfast.shared.api.AlertItem;
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
 * Open local alerts, highest escalation level first, and the acknowledge command (operator or admin; the
 * node checks again). State on the UI executor only; network calls on the background executor.
 */
public final class AlertsViewModel {

    private final EdgeNodeClient client;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<AlertItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<AlertItem> selected = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper mayAcknowledge = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringProperty role;

    /** @param role the connection's role, shared by every screen (see {@link CallerRole}) */
    public AlertsViewModel(EdgeNodeClient client, ReadOnlyStringProperty role, Executor background, Executor ui) {
        this.client = client;
        this.role = role;
        this.background = background;
        this.ui = ui;
        selected.addListener((obs, old, now) -> update());
        role.addListener((obs, old, now) -> update());
    }

    public ObservableList<AlertItem> items() {
        return items;
    }

    public ObjectProperty<AlertItem> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty mayAcknowledgeProperty() {
        return mayAcknowledge.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public void refresh() {
        background.execute(() -> {
            try {
                List<AlertItem> open = client.alerts("open").stream()
                        .sorted(Comparator.comparingInt(AlertItem::level).reversed()
                                .thenComparing(AlertItem::raisedAt))
                        .toList();
                ui.execute(() -> {
                    Long keep = selected.get() == null ? null : selected.get().id();
                    items.setAll(open);
                    selected.set(keep == null ? null : open.stream().filter(a -> a.id() == keep).findFirst().orElse(null));
                    message.set(open.isEmpty() ? "No open alerts." : open.size() + (open.size() == 1
                            ? " open alert." : " open alerts."));
                    update();
                });
            } catch (RuntimeException e) {
                ui.execute(() -> message.set("Could not load alerts: " + e.getMessage()));
            }
        });
    }

    public void acknowledge() {
        AlertItem alert = selected.get();
        if (alert == null) {
            message.set("Select an alert first.");
            return;
        }
        background.execute(() -> {
            try {
                client.acknowledgeAlert(alert.id());
                ui.execute(() -> message.set("Alert #" + alert.id() + " acknowledged: escalation stopped."));
                refresh();
            } catch (RuntimeException e) {
                ui.execute(() -> message.set("Not acknowledged: " + e.getMessage()));
            }
        });
    }

    private void update() {
        mayAcknowledge.set(selected.get() != null && "open".equals(selected.get().status())
                && CallerRole.mayAct(role.get()));
    }
}
