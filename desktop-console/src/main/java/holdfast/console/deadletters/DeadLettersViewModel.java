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

    public DeadLettersViewModel(EdgeNodeClient client, Executor background, Executor ui) {
        this.client = client;
        this.background = background;
        this.ui = ui;
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

    public void refresh() {
        background.execute(() -> {
            try {
                List<DeadLetterItem> open = client.deadLetters("open");
                ui.execute(() -> {
                    Long keep = selected.get() == null ? null : selected.get().id();
                    items.setAll(open);
                    selected.set(keep == null ? null
                            : open.stream().filter(d -> d.id() == keep).findFirst().orElse(null));
                    message.set(open.isEmpty() ? "No open dead letters." : open.size() + " open dead letters.");
                });
            } catch (RuntimeException e) {
                ui.execute(() -> message.set("Could not load dead letters: " + e.getMessage()));
            }
        });
    }
}
