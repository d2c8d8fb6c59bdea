package holdfast.console.ops;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.OperatorAlertItem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

/** Open operator alerts come first; operators acknowledge with a reason, viewers cannot. */
class OperatorAlertsViewModelTest {

    private final Executor sameThread = Runnable::run;
    private final FakeEdgeNodeClient node = new FakeEdgeNodeClient();
    private final SimpleStringProperty role = new SimpleStringProperty("operator");
    private final OperatorAlertsViewModel model = new OperatorAlertsViewModel(node, role,
            new SimpleBooleanProperty(true), sameThread, sameThread,
            Clock.fixed(Instant.parse("2026-11-23T08:20:00Z"), ZoneOffset.UTC));

    private static OperatorAlertItem alert(long id, String status, String raisedAt) {
        return new OperatorAlertItem(id, "devices-silent", "1 device has stopped sending: mon-07", "silent-device.md",
                status, Instant.parse(raisedAt), "cleared".equals(status) ? Instant.parse(raisedAt).plusSeconds(60)
                : null, null, null);
    }

    @Test
    void openAlertsComeFirstAndAnOperatorAcknowledgesWithAReason() {
        node.operatorAlerts.add(alert(1, "cleared", "2026-11-23T08:10:00Z"));
        node.operatorAlerts.add(alert(2, "open", "2026-11-23T08:00:00Z"));
        node.operatorAlerts.add(alert(3, "open", "2026-11-23T08:05:00Z"));
        model.refresh();
        assertThat(model.items()).extracting(OperatorAlertItem::id).containsExactly(3L, 2L, 1L);
        model.selectedProperty().set(model.items().get(0));
        assertThat(model.mayAcknowledgeProperty().get()).isTrue();
        model.acknowledge("monitor unplugged for cleaning");
        assertThat(node.operatorAcknowledged).containsExactly("3:monitor unplugged for cleaning");
        assertThat(model.messageProperty().get()).isEqualTo("2 open operator alerts.");
    }

    @Test
    void viewersCannotAcknowledge() {
        role.set("viewer");
        node.operatorAlerts.add(alert(1, "open", "2026-11-23T08:00:00Z"));
        model.refresh();
        model.selectedProperty().set(model.items().get(0));
        assertThat(model.mayAcknowledgeProperty().get()).isFalse();
    }
}
