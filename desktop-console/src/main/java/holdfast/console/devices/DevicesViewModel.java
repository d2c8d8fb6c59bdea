package holdfast.console.devices;

import holdfast.console.client.EdgeNodeClient;
import holdfast.console.format.ListLoad;
import holdfast.console.format.Shown;
import holdfast.shared.api.DeviceItem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The node's devices, worst first (silent, never seen, late, ok), narrowed to one ward when one is chosen, with a
 * summary in words and a stale mark while the node does not answer. State on the UI executor only; network calls
 * on the background executor.
 */
public final class DevicesViewModel {

    public static final String ALL_WARDS = "All wards";
    private static final List<String> ORDER = List.of("silent", "never-seen", "late", "ok");

    private final EdgeNodeClient client;
    private final Clock clock;
    private final ListLoad load;
    private final List<DeviceItem> all = new ArrayList<>();
    private final ObservableList<DeviceItem> items = FXCollections.observableArrayList();
    private final ObservableList<String> wards = FXCollections.observableArrayList(ALL_WARDS);
    private final ObjectProperty<String> ward = new SimpleObjectProperty<>(ALL_WARDS);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Loading devices\u2026");

    /** @param reachable whether the node answers now (the status feed's view), for the stale mark */
    public DevicesViewModel(EdgeNodeClient client, ReadOnlyBooleanProperty reachable, Executor background, Executor ui,
                            Clock clock) {
        this.client = client;
        this.clock = clock;
        this.load = new ListLoad("devices", reachable, background, ui, clock, message);
        ward.addListener((obs, old, now) -> show());
    }

    public ObservableList<DeviceItem> items() {
        return items;
    }

    /** {@link #ALL_WARDS} and every ward a device is in. */
    public ObservableList<String> wards() {
        return wards;
    }

    public ObjectProperty<String> wardProperty() {
        return ward;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty staleProperty() {
        return load.staleProperty();
    }

    public void refresh() {
        load.load(() -> client.devices().stream()
                .sorted(Comparator.comparingInt((DeviceItem d) -> rank(d.state())).thenComparing(DeviceItem::deviceId))
                .toList(), loaded -> {
                    all.clear();
                    all.addAll(loaded);
                    List<String> known = new ArrayList<>(List.of(ALL_WARDS));
                    loaded.stream().map(DeviceItem::ward).filter(Objects::nonNull).distinct().sorted()
                            .forEach(known::add);
                    if (!wards.equals(known)) {
                        String keep = ward.get();
                        wards.setAll(known);
                        ward.set(known.contains(keep) ? keep : ALL_WARDS);
                    }
                    show();
                });
    }

    private void show() {
        String chosen = ward.get();
        List<DeviceItem> shown = all.stream()
                .filter(d -> chosen == null || ALL_WARDS.equals(chosen) || chosen.equals(d.ward())).toList();
        items.setAll(shown);
        long silent = shown.stream().filter(d -> "silent".equals(d.state())).count();
        long late = shown.stream().filter(d -> "late".equals(d.state())).count();
        long never = shown.stream().filter(d -> "never-seen".equals(d.state())).count();
        message.set(Shown.count(shown.size(), "device") + (ALL_WARDS.equals(chosen) ? "" : " in " + chosen) + ": "
                + silent + " silent, " + never + " never seen, " + late + " late; as of "
                + Shown.time(load.loadedAt(), clock.getZone(), "never") + ".");
    }

    private static int rank(String state) {
        int i = ORDER.indexOf(state);
        return i < 0 ? ORDER.size() : i;
    }
}
