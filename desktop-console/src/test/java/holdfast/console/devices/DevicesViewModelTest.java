package holdfast.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.DeviceItem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.Test;

/** Devices are listed silent first, narrowed to a ward when one is chosen, and marked stale when the node is gone. */
class DevicesViewModelTest {

    private final Executor sameThread = Runnable::run;
    private final FakeEdgeNodeClient node = new FakeEdgeNodeClient();
    private final SimpleBooleanProperty reachable = new SimpleBooleanProperty(true);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T08:20:00Z"), ZoneOffset.UTC);
    private final DevicesViewModel model = new DevicesViewModel(node, reachable, sameThread, sameThread, clock);

    private static DeviceItem device(String id, String ward, String state) {
        return new DeviceItem(id, "mqtt", ward, ward + "-1", true, Instant.parse("2026-11-23T08:19:00Z"), 5, 60, 60L,
                "configured", state, null, null);
    }

    @Test
    void silentDevicesComeFirstAndAWardFilterNarrowsTheList() {
        node.devices.add(device("mon-01", "ICU", "ok"));
        node.devices.add(device("mon-02", "ICU", "late"));
        node.devices.add(device("mon-03", "ED", "silent"));
        node.devices.add(device("mon-04", "ICU", "silent"));
        model.refresh();
        assertThat(model.items()).extracting(DeviceItem::deviceId).containsExactly("mon-03", "mon-04", "mon-02",
                "mon-01");
        assertThat(model.wards()).containsExactly(DevicesViewModel.ALL_WARDS, "ED", "ICU");
        model.wardProperty().set("ICU");
        assertThat(model.items()).extracting(DeviceItem::deviceId).containsExactly("mon-04", "mon-02", "mon-01");
        assertThat(model.messageProperty().get()).isEqualTo("3 devices in ICU: 1 silent, 0 never seen, 1 late; as of "
                + "23 Nov 08:20:00 Z.");
    }

    @Test
    void theListIsMarkedStaleWhileTheNodeDoesNotAnswer() {
        node.devices.add(device("mon-01", "ICU", "ok"));
        model.refresh();
        assertThat(model.staleProperty().get()).isEmpty();
        reachable.set(false);
        node.unreachable = true;
        model.refresh();
        assertThat(model.staleProperty().get()).contains("STALE").contains("as of 23 Nov 08:20:00 Z");
        assertThat(model.items()).as("the last list stays").hasSize(1);
    }
}
