package holdfast.console.senders;

import holdfast.console.client.EdgeNodeClient;
import holdfast.console.format.ListLoad;
import holdfast.console.format.Shown;
import holdfast.shared.api.SenderItem;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The node's HL7 senders, worst first (silent, never heard, ok), with a summary and a stale mark while the node
 * does not answer. State on the UI executor only; network calls on the background executor.
 */
public final class SendersViewModel {

    private static final List<String> ORDER = List.of("silent", "never", "ok");

    private final EdgeNodeClient client;
    private final Clock clock;
    private final ListLoad load;
    private final ObservableList<SenderItem> items = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Loading HL7 senders\u2026");

    public SendersViewModel(EdgeNodeClient client, ReadOnlyBooleanProperty reachable, Executor background, Executor ui,
                            Clock clock) {
        this.client = client;
        this.clock = clock;
        this.load = new ListLoad("HL7 senders", reachable, background, ui, clock, message);
    }

    public ObservableList<SenderItem> items() {
        return items;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty staleProperty() {
        return load.staleProperty();
    }

    public void refresh() {
        load.load(() -> client.senders().stream()
                .sorted(Comparator.comparingInt((SenderItem s) -> rank(s.state()))
                        .thenComparing(SenderItem::application).thenComparing(SenderItem::facility))
                .toList(), loaded -> {
                    items.setAll(loaded);
                    long silent = loaded.stream().filter(s -> "silent".equals(s.state())).count();
                    long never = loaded.stream().filter(s -> "never".equals(s.state())).count();
                    message.set(Shown.count(loaded.size(), "HL7 sender") + ": " + silent + " silent, " + never
                            + " never heard; as of " + Shown.time(load.loadedAt(), clock.getZone(), "never") + ".");
                });
    }

    private static int rank(String state) {
        int i = ORDER.indexOf(state);
        return i < 0 ? ORDER.size() : i;
    }
}
