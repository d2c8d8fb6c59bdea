package holdfast.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.AlertItem;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class AlertsViewModelTest {

    private final Executor sameThread = Runnable::run;
    private final FakeEdgeNodeClient node = new FakeEdgeNodeClient();
    private final javafx.beans.property.SimpleStringProperty role = new javafx.beans.property.SimpleStringProperty(
            "operator");
    private final AlertsViewModel model = new AlertsViewModel(node, role, sameThread,
            sameThread);

    private static AlertItem alert(long id, int level, String raisedAt) {
        return new AlertItem(id, "spo2-low", "ICU", "ICU-" + id, "mon-" + id, null, "59408-5", 82.0, level,
                Instant.parse(raisedAt), Instant.parse(raisedAt), 1, "open", null, null, "e" + id, "%", null);
    }

    @Test
    void mostEscalatedAlertsComeFirstAndOperatorsAcknowledge() {
        node.alerts.add(alert(1, 1, "2026-11-23T08:00:00Z"));
        node.alerts.add(alert(2, 3, "2026-11-23T08:05:00Z"));
        node.alerts.add(alert(3, 3, "2026-11-23T08:01:00Z"));
        model.refresh();
        assertThat(model.items()).extracting(AlertItem::id).containsExactly(3L, 2L, 1L);
        model.selectedProperty().set(model.items().get(0));
        assertThat(model.mayAcknowledgeProperty().get()).isTrue();
        model.acknowledge();
        assertThat(node.resolved).containsExactly("alert 3");
        assertThat(model.items()).extracting(AlertItem::id).containsExactly(2L, 1L);
    }

    @Test
    void viewersCannotAcknowledge() {
        role.set("viewer");
        node.alerts.add(alert(1, 1, "2026-11-23T08:00:00Z"));
        model.refresh();
        model.selectedProperty().set(model.items().get(0));
        assertThat(model.mayAcknowledgeProperty().get()).isFalse();
    }
}
