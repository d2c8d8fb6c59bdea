package holdfast.console.deadletters;

import holdfast.console.client.EdgeNodeClient;
import holdfast.console.connection.CallerRole;
import holdfast.shared.api.DeadLetterItem;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Open dead letters: what the node could not accept, with its context, and the two ways to close one:
 * reprocess (feed it through its channel again) or discard, each with a required reason (operator or admin;
 * the node checks again). State on the UI executor only; the network calls on the background executor.
 */
public final class DeadLettersViewModel {

    private final EdgeNodeClient client;
    private final ReadOnlyStringProperty role;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<DeadLetterItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<DeadLetterItem> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper mayAct = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("Loading dead letters\u2026");
    private final java.time.Clock clock;
    private java.time.Instant loadedAt;

    /** @param role the connection's role, shared by every screen (see {@link CallerRole}) */
    public DeadLettersViewModel(EdgeNodeClient client, ReadOnlyStringProperty role, Executor background, Executor ui) {
        this(client, role, background, ui, java.time.Clock.systemDefaultZone());
    }

    /** @param clock the console's clock and zone: the "as of" time of a list the node did not confirm */
    public DeadLettersViewModel(EdgeNodeClient client, ReadOnlyStringProperty role, Executor background, Executor ui,
                                java.time.Clock clock) {
        this.clock = clock;
        this.client = client;
        this.role = role;
        this.background = background;
        this.ui = ui;
        selected.addListener((obs, old, now) -> updateMayAct());
        role.addListener((obs, old, now) -> updateMayAct());
    }

    public ObservableList<DeadLetterItem> items() {
        return items;
    }

    public ObjectProperty<DeadLetterItem> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** True while the list shown is not what the node says now (it could not be reached). */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /** What an empty table says: never "no open dead letters" for a node that was not reached. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** True when an open dead letter is selected and the caller's role may reprocess or discard it. */
    public ReadOnlyBooleanProperty mayActProperty() {
        return mayAct.getReadOnlyProperty();
    }

    /** Feeds the selected dead letter through its channel again; a reason is required. */
    public void reprocess(String reason) {
        act(reason, "reprocess", client::reprocessDeadLetter, "reprocessed: it is now an event in its lane",
                "Not reprocessed");
    }

    /** Closes the selected dead letter as discarded; a reason is required. */
    public void discard(String reason) {
        act(reason, "let go", client::discardDeadLetter, "discarded", "Not discarded");
    }

    private void act(String reason, String why, BiConsumer<Long, String> call, String done, String failed) {
        DeadLetterItem item = selected.get();
        if (item == null) {
            message.set("Select a dead letter first.");
            return;
        }
        if (reason == null || reason.isBlank()) {
            message.set("A reason is required: say why this input may be " + (why.equals("let go") ? "let go."
                    : "taken in now."));
            return;
        }
        background.execute(() -> {
            try {
                call.accept(item.id(), reason.trim());
                ui.execute(() -> message.set("Dead letter #" + item.id() + " " + done + "."));
                refresh();
            } catch (RuntimeException e) {
                ui.execute(() -> message.set(failed + ": " + e.getMessage()));
            }
        });
    }

    public void refresh() {
        background.execute(() -> {
            try {
                List<DeadLetterItem> open = client.deadLetters("open");
                ui.execute(() -> apply(open));
            } catch (RuntimeException e) {
                ui.execute(() -> {
                    stale.set(true);
                    placeholder.set("The node could not be reached: no dead-letter list yet.");
                    message.set("Could not load dead letters" + (loadedAt == null ? "" : "; the list is as of "
                            + java.time.ZonedDateTime.ofInstant(loadedAt, clock.getZone())
                                    .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss z")))
                            + ": " + e.getMessage());
                });
            }
        });
    }

    private void apply(List<DeadLetterItem> open) {
        loadedAt = clock.instant();
        stale.set(false);
        placeholder.set("No open dead letters.");
        Long keep = selected.get() == null ? null : selected.get().id();
        items.setAll(open);
        selected.set(keep == null ? null : open.stream().filter(d -> d.id() == keep).findFirst().orElse(null));
        if (!message.get().startsWith("Dead letter #") && !message.get().startsWith("Not ")) {
            message.set(open.isEmpty() ? "No open dead letters." : open.size()
                    + (open.size() == 1 ? " open dead letter." : " open dead letters."));
        }
        updateMayAct();
    }

    private void updateMayAct() {
        mayAct.set(selected.get() != null && "open".equals(selected.get().status()) && CallerRole.mayAct(role.get()));
    }
}
