package holdfast.console.reconcile;

import holdfast.console.client.ApiException;
import holdfast.console.client.EdgeNodeClient;
import holdfast.console.client.NodeUnreachableException;
import holdfast.console.connection.CallerRole;
import holdfast.shared.api.ReconciliationGroupItem;
import holdfast.shared.api.ReconciliationItem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
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
 * Pending reconciliations: the open list and the same grouped by cause (refreshed by polling, so items others
 * resolve disappear), the selection, and the resolve commands for one or a whole group. Resolve is enabled only for operator and admin tokens; the node checks
 * again. State is touched on the UI executor only; network calls run on the background executor.
 */
public final class ReconciliationsViewModel {

    static final Set<String> RESOLVING_ROLES = CallerRole.ACTING_ROLES;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("d MMM HH:mm:ss z", java.util.Locale.UK);

    private final EdgeNodeClient client;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<ReconciliationItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<ReconciliationItem> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringProperty role;
    private final ReadOnlyBooleanWrapper mayResolve = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObservableList<ReconciliationGroupItem> groups = FXCollections.observableArrayList();
    private final ObjectProperty<ReconciliationGroupItem> selectedGroup = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper mayResolveGroup = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(false);
    private final Clock clock;
    private Instant loadedAt;

    /** @param role the connection's role, shared by every screen (see {@link CallerRole}) */
    public ReconciliationsViewModel(EdgeNodeClient client, ReadOnlyStringProperty role, Executor background,
                                    Executor ui) {
        this(client, role, background, ui, Clock.systemDefaultZone());
    }

    /** @param clock the console's clock and zone: times are shown in it */
    public ReconciliationsViewModel(EdgeNodeClient client, ReadOnlyStringProperty role, Executor background,
                                    Executor ui, Clock clock) {
        this.client = client;
        this.role = role;
        this.background = background;
        this.ui = ui;
        this.clock = clock;
        selected.addListener((obs, old, now) -> updateMayResolve());
        selectedGroup.addListener((obs, old, now) -> updateMayResolve());
        role.addListener((obs, old, now) -> updateMayResolve());
    }

    /** Open reconciliations grouped by cause, largest first. */
    public ObservableList<ReconciliationGroupItem> groups() {
        return groups;
    }

    public ObjectProperty<ReconciliationGroupItem> selectedGroupProperty() {
        return selectedGroup;
    }

    /** True when a group is chosen and the caller's role may resolve. */
    public ReadOnlyBooleanProperty mayResolveGroupProperty() {
        return mayResolveGroup.getReadOnlyProperty();
    }

    /** True while the lists shown are not what the node says now (it could not be reached). */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /** A moment in the console's zone, e.g. "23 Nov 09:14:02 CET". */
    public String local(Instant at) {
        return at == null ? "" : ZonedDateTime.ofInstant(at, clock.getZone()).format(LOCAL);
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
                List<ReconciliationGroupItem> byCause = client.reconciliationGroups();
                ui.execute(() -> {
                    apply(open);
                    ReconciliationGroupItem keep = selectedGroup.get();
                    groups.setAll(byCause);
                    selectedGroup.set(keep == null ? null : byCause.stream().filter(g -> sameCause(g, keep))
                            .findFirst().orElse(null));
                    loadedAt = clock.instant();
                    if (stale.get()) {
                        message.set("");
                    }
                    stale.set(false);
                    updateMayResolve();
                });
            } catch (NodeUnreachableException e) {
                ui.execute(() -> {
                    stale.set(true);
                    message.set("Node unreachable; the lists are as of "
                            + (loadedAt == null ? "never (not reached yet)" : local(loadedAt)) + ".");
                });
            } catch (ApiException e) {
                ui.execute(() -> message.set("The node refused the list: " + e.getMessage()));
            }
        });
    }

    /**
     * Resolves every reconciliation of the chosen group the same way, with one reason; each is audited on its
     * own on the node. Same checks as for one.
     */
    public void resolveGroup(String action, String reason, String patientId, String encounterId) {
        ReconciliationGroupItem group = selectedGroup.get();
        if (group == null) {
            message.set("Choose a group of reconciliations first.");
            return;
        }
        String refusal = refusal(action, reason, patientId);
        if (refusal != null) {
            message.set(refusal);
            return;
        }
        List<Long> ids = group.ids();
        message.set("Resolving " + ids.size() + " (" + action + ")\u2026");
        background.execute(() -> {
            try {
                int done = client.resolveAll(ids, action, reason.trim(), patientId, encounterId);
                ui.execute(() -> {
                    selectedGroup.set(null);
                    message.set(done == ids.size() ? "Resolved all " + done + " of the group: " + action + "."
                            : "Resolved " + done + " of " + ids.size() + " (" + action + "); the others were no longer"
                                    + " open or could not be journaled now: see the list.");
                });
                refresh();
            } catch (ApiException e) {
                ui.execute(() -> message.set("Not resolved: " + e.getMessage()));
            } catch (NodeUnreachableException e) {
                ui.execute(() -> message.set("Not resolved: the node cannot be reached. Try again when it is back."));
            }
        });
    }

    /** What is missing before a resolve may go to the node (which checks the same again), or null. */
    private static String refusal(String action, String reason, String patientId) {
        if (reason == null || reason.isBlank()) {
            return "A reason is required: say why, for the audit trail.";
        }
        if ("reattribute".equals(action) && (patientId == null || patientId.isBlank())) {
            return "Reattribute needs the correct patient id.";
        }
        return null;
    }

    private static boolean sameCause(ReconciliationGroupItem a, ReconciliationGroupItem b) {
        return java.util.Objects.equals(a.verdict(), b.verdict()) && java.util.Objects.equals(a.lane(), b.lane())
                && java.util.Objects.equals(a.where(), b.where()) && java.util.Objects.equals(a.reason(), b.reason());
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
        String refusal = refusal(action, reason, patientId);
        if (refusal != null) {
            message.set(refusal);
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
        mayResolveGroup.set(selectedGroup.get() != null && RESOLVING_ROLES.contains(role.get()));
    }
}
