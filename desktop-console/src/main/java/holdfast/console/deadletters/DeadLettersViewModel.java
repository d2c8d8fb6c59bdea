package holdfast.console.deadletters;

import holdfast.console.client.EdgeNodeClient;
import holdfast.shared.api.DeadLetterItem;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Open dead letters: what the node could not accept, with its context. State on the UI executor only; the
 * network call on the background executor.
 */
public final class DeadLettersViewModel {

    private final EdgeNodeClient client;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<DeadLetterItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<DeadLetterItem> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper mayDiscard = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private String role = "";

    public DeadLettersViewModel(EdgeNodeClient client, Executor background, Executor ui) {
        this.client = client;
        this.background = background;
        this.ui = ui;
        selected.addListener((obs, old, now) -> updateMayDiscard());
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

    /** True when a dead letter is selected and the caller's role may close it. */
    public javafx.beans.property.ReadOnlyBooleanProperty mayDiscardProperty() {
        return mayDiscard.getReadOnlyProperty();
    }

    /** Learns the caller's role; discarding needs operator or admin (the node checks again). */
    public void loadIdentity() {
        background.execute(() -> {
            try {
                String r = client.whoAmI().role();
                ui.execute(() -> {
                    role = r;
                    updateMayDiscard();
                });
            } catch (RuntimeException e) {
                ui.execute(() -> message.set("Could not learn this token's role: " + e.getMessage()));
            }
        });
    }

    /** Closes the selected dead letter as discarded; a reason is required. */
    public void discard(String reason) {
        DeadLetterItem item = selected.get();
        if (item == null) {
            message.set("Select a dead letter first.");
            return;
        }
        if (reason == null || reason.isBlank()) {
            message.set("A reason is required: say why this input may be let go.");
            return;
        }
        background.execute(() -> {
            try {
                client.discardDeadLetter(item.id(), reason.trim());
                ui.execute(() -> message.set("Dead letter #" + item.id() + " discarded."));
                refresh();
            } catch (RuntimeException e) {
                ui.execute(() -> message.set("Not discarded: " + e.getMessage()));
            }
        });
    }

    private void updateMayDiscard() {
        mayDiscard.set(selected.get() != null && "open".equals(selected.get().status())
                && ("operator".equals(role) || "admin".equals(role)));
    }

    public void refresh() {
        background.execute(() -> {
            try {
                List<DeadLetterItem> open = client.deadLetters("open");
                ui.execute(() -> {
                    Long keep = selected.get() == null ? null : selected.get().id();
                    items.setAll(open);
                    selected.set(keep == null ? null
                            : open.stream().filter(d -> d.id() == keep).findFirst().orElse(null));
                    message.set(open.isEmpty() ? "No open dead letters." : open.size() + (open.size() == 1 ? " open dead letter." : " open dead letters."));
                    updateMayDiscard();
                });
            } catch (RuntimeException e) {
                ui.execute(() -> message.set("Could not load dead letters: " + e.getMessage()));
            }
        });
    }
}
