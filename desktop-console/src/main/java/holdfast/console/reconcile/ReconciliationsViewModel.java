package holdfast.console.reconcile;

import holdfast.console.client.ApiException;
import holdfast.console.client.EdgeNodeClient;
import holdfast.console.client.NodeUnreachableException;
import holdfast.console.connection.CallerRole;
import holdfast.shared.api.ReconciliationItem;
import java.util.List;
import java.util.Set;
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
 * Pending reconciliations: the open list (refreshed by polling, so items others resolve disappear), the
 * selection, and the resolve command. Resolve is enabled only for operator and admin tokens; the node checks
 * again. State is touched on the UI executor only; network calls run on the background executor.
 */
public final class ReconciliationsViewModel {

    static final Set<String> RESOLVING_ROLES = CallerRole.ACTING_ROLES;

    private final EdgeNodeClient client;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<ReconciliationItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<ReconciliationItem> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringProperty role;
    private final ReadOnlyBooleanWrapper mayResolve = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    /** @param role the connection's role, shared by every screen (see {@link CallerRole}) */
    public ReconciliationsViewModel(EdgeNodeClient client, ReadOnlyStringProperty role, Executor background,
                                    Executor ui) {
        this.client = client;
        this.role = role;
        this.background = background;
        this.ui = ui;
        selected.addListener((obs, old, now) -> updateMayResolve());
        role.addListener((obs, old, now) -> updateMayResolve());
    }

    public ObservableList<ReconciliationItem> items() {
        return items;
    }

    public ObjectProperty<ReconciliationItem> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty roleProperty() {
        return role;
    }

    /** True when a reconciliation is selected, still open, and the caller's role may resolve it. */
    public ReadOnlyBooleanProperty mayResolveProperty() {
        return mayResolve.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public void refresh() {
        background.execute(() -> {
            try {
                List<ReconciliationItem> open = client.reconciliations("open");
                ui.execute(() -> apply(open));
            } catch (NodeUnreachableException e) {
                ui.execute(() -> message.set("Node unreachable; the list shows the last known state."));
            } catch (ApiException e) {
                ui.execute(() -> message.set("The node refused the list: " + e.getMessage()));
            }
        });
    }

    /**
     * Resolves the selected reconciliation. A reason is required (the node refuses without one too);
     * {@code patientId} is required for {@code reattribute}.
     */
    public void resolve(String action, String reason, String patientId, String encounterId) {
        ReconciliationItem item = selected.get();
        if (item == null) {
            message.set("Select a reconciliation first.");
            return;
        }
        if (reason == null || reason.isBlank()) {
            message.set("A reason is required: say why, for the audit trail.");
            return;
        }
        if ("reattribute".equals(action) && (patientId == null || patientId.isBlank())) {
            message.set("Reattribute needs the correct patient id.");
            return;
        }
        message.set("Resolving #" + item.id() + " (" + action + ")\u2026");
        background.execute(() -> {
            try {
                client.resolve(item.id(), action, reason.trim(), patientId, encounterId);
                ui.execute(() -> message.set("Resolved #" + item.id() + ": " + action + "."));
                refresh();
            } catch (ApiException e) {
                ui.execute(() -> message.set("Not resolved: " + e.getMessage()));
            } catch (NodeUnreachableException e) {
                ui.execute(() -> message.set("Not resolved: the node cannot be reached. Try again when it is back."));
            }
        });
    }

    private void apply(List<ReconciliationItem> open) {
        Long keep = selected.get() == null ? null : selected.get().id();
        items.setAll(open);
        selected.set(keep == null ? null : open.stream().filter(i -> i.id() == keep).findFirst().orElse(null));
        updateMayResolve();
    }

    private void updateMayResolve() {
        ReconciliationItem item = selected.get();
        mayResolve.set(item != null && "open".equals(item.status()) && RESOLVING_ROLES.contains(role.get()));
    }
}
