package holdfast.console.alerts;

import holdfast.console.client.EdgeNodeClient;
import holdfast.console.client.NodeUnreachableException;
import holdfast.console.connection.CallerRole;
import holdfast.shared.api.AlertItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Local alerts, open or acknowledged, most escalated first and then oldest first; acknowledge one or several
 * with one reason (operator or admin; the node checks again). When the node cannot be reached the last list
 * stays, marked stale with the time it was true, and is never replaced by "no open alerts". State on the UI
 * executor only; network calls on the background executor.
 */
public final class AlertsViewModel {

    public static final String OPEN = "open";
    public static final String ACKNOWLEDGED = "acknowledged";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss z");

    private final EdgeNodeClient client;
    private final Executor background;
    private final Executor ui;
    private final Clock clock;
    private final ObservableList<AlertItem> items = FXCollections.observableArrayList();
    private final ObservableList<AlertItem> selection = FXCollections.observableArrayList();
    private final ObjectProperty<AlertItem> selected = new SimpleObjectProperty<>();
    private final StringProperty view = new SimpleStringProperty(OPEN);
    private final StringProperty reason = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper mayAcknowledge = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("Loading alerts\u2026");
    private final ReadOnlyStringProperty role;
    private Instant loadedAt;
    private boolean messageIsProblem;

    /** @param role the connection's role, shared by every screen (see {@link CallerRole}) */
    public AlertsViewModel(EdgeNodeClient client, ReadOnlyStringProperty role, Executor background, Executor ui) {
        this(client, role, background, ui, Clock.systemDefaultZone());
    }

    /** @param clock the console's clock and time zone: times are shown in it, ages measured by it */
    public AlertsViewModel(EdgeNodeClient client, ReadOnlyStringProperty role, Executor background, Executor ui,
                           Clock clock) {
        this.client = client;
        this.role = role;
        this.background = background;
        this.ui = ui;
        this.clock = clock;
        selected.addListener((obs, old, now) -> {
            if (now != null && !selection.contains(now)) {
                selection.setAll(now);
            } else if (now == null && !selection.isEmpty()) {
                selection.clear();
            }
            update();
        });
        selection.addListener((ListChangeListener<AlertItem>) c -> update());
        role.addListener((obs, old, now) -> update());
        reason.addListener((obs, old, now) -> update());
        view.addListener((obs, old, now) -> {
            items.clear();
            selection.clear();
            loadedAt = null;
            placeholder.set("Loading alerts\u2026");
            refresh();
        });
    }

    public ObservableList<AlertItem> items() {
        return items;
    }

    /** The alerts chosen for the next acknowledgement (the table's multiple selection). */
    public ObservableList<AlertItem> selection() {
        return selection;
    }

    public ObjectProperty<AlertItem> selectedProperty() {
        return selected;
    }

    /** {@link #OPEN} or {@link #ACKNOWLEDGED}: which alerts the list shows. */
    public StringProperty viewProperty() {
        return view;
    }

    /** The reason kept with the acknowledgement; required when several are acknowledged at once. */
    public StringProperty reasonProperty() {
        return reason;
    }

    public ReadOnlyBooleanProperty mayAcknowledgeProperty() {
        return mayAcknowledge.getReadOnlyProperty();
    }

    /** True while the list shown is not what the node says now (it could not be reached). */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What an empty table says: never "no open alerts" for a node that was not reached. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    public void refresh() {
        String which = view.get();
        background.execute(() -> {
            try {
                List<AlertItem> loaded = client.alerts(which).stream()
                        .sorted(Comparator.comparingInt(AlertItem::level).reversed()
                                .thenComparing(AlertItem::raisedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                        .toList();
                ui.execute(() -> {
                    if (!which.equals(view.get())) {
                        return; // the view changed while this was loading
                    }
                    List<Long> keep = selection.stream().map(AlertItem::id).toList();
                    items.setAll(loaded);
                    selection.setAll(loaded.stream().filter(a -> keep.contains(a.id())).toList());
                    selected.set(selection.isEmpty() ? null : selection.get(0));
                    loadedAt = clock.instant();
                    placeholder.set(OPEN.equals(which) ? "No open alerts." : "No acknowledged alerts.");
                    if (stale.get() || messageIsProblem) {
                        message.set(""); // the node answers again: the problem is over
                    }
                    stale.set(false);
                    messageIsProblem = false;
                    update();
                });
            } catch (RuntimeException e) {
                ui.execute(() -> {
                    stale.set(true);
                    messageIsProblem = true;
                    placeholder.set("The node could not be reached: no alert list yet.");
                    message.set((e instanceof NodeUnreachableException ? "Node not reachable" : "Could not load alerts")
                            + (loadedAt == null ? "" : "; the list is as of " + at(loadedAt)) + ": " + e.getMessage());
                    update();
                });
            }
        });
    }

    /** Acknowledges the selected alerts; one may go without a reason, several share the one given. */
    public void acknowledge() {
        List<AlertItem> chosen = selection.stream().filter(a -> OPEN.equals(a.status())).toList();
        if (chosen.isEmpty()) {
            message.set("Select one or more open alerts first.");
            return;
        }
        String why = reason.get() == null ? "" : reason.get().trim();
        if (chosen.size() > 1 && why.isEmpty()) {
            message.set("Give one reason for the " + chosen.size() + " alerts (kept in the audit trail).");
            return;
        }
        List<Long> ids = chosen.stream().map(AlertItem::id).toList();
        background.execute(() -> {
            try {
                int done;
                if (ids.size() == 1 && why.isEmpty()) {
                    client.acknowledgeAlert(ids.get(0));
                    done = 1;
                } else {
                    done = client.acknowledgeAlerts(ids, why);
                }
                int acknowledged = done;
                ui.execute(() -> {
                    reason.set("");
                    message.set(acknowledged == ids.size()
                            ? (ids.size() == 1 ? "Alert #" + ids.get(0) + " acknowledged" : ids.size()
                                    + " alerts acknowledged") + ": escalation stopped."
                            : acknowledged + " of " + ids.size() + " acknowledged; the others were no longer open.");
                });
                refresh();
            } catch (RuntimeException e) {
                ui.execute(() -> {
                    message.set("Not acknowledged: " + e.getMessage());
                    messageIsProblem = true;
                });
            }
        });
    }

    /** Where the alert is, or which device it came from when the node could not place it. */
    public static String where(AlertItem a) {
        if (a.bed() == null && a.ward() == null) {
            return a.deviceId() == null ? "unknown place" : "unmapped device " + a.deviceId();
        }
        return a.ward() == null ? a.bed() : a.bed() == null ? a.ward() : a.ward() + " / " + a.bed();
    }

    /** A moment in the console's zone with its age, e.g. "14:02:11 CET (4 min ago)". */
    public String ago(Instant at) {
        if (at == null) {
            return "";
        }
        Duration age = Duration.between(at, clock.instant());
        String ago = age.isNegative() || age.toSeconds() < 60 ? "just now"
                : age.toMinutes() < 60 ? age.toMinutes() + " min ago"
                : age.toHours() < 48 ? age.toHours() + " h " + age.toMinutesPart() + " min ago"
                : age.toDays() + " days ago";
        return at(at) + " (" + ago + ")";
    }

    private String at(Instant instant) {
        return ZonedDateTime.ofInstant(instant, clock.getZone()).format(TIME);
    }

    private void update() {
        boolean anyOpen = selection.stream().anyMatch(a -> OPEN.equals(a.status()));
        mayAcknowledge.set(anyOpen && CallerRole.mayAct(role.get()));
    }
}
