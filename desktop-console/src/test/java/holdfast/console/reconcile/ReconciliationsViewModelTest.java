package holdfast.console.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.ReconciliationItem;
import holdfast.shared.envelope.Subject;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class ReconciliationsViewModelTest {

    private final Executor sameThread = Runnable::run;
    private final FakeEdgeNodeClient node = new FakeEdgeNodeClient();
    private final javafx.beans.property.SimpleStringProperty role = new javafx.beans.property.SimpleStringProperty(
            "operator");
    private final ReconciliationsViewModel model = new ReconciliationsViewModel(node, role, sameThread,
            sameThread);

    private static ReconciliationItem open(long id) {
        return new ReconciliationItem(id, "e" + id, "mqtt:mon-1:m" + id, "standard", id, "observation",
                new Subject("P1", null, "ICU", "ICU-3", "mon-1"), "conflict", "bed ICU-3 held P777", null, "open",
                Instant.parse("2026-11-23T08:00:00Z"), null, null, null, null, null);
    }

    @Test
    void operatorMayResolveOnlyWithAReason() {
        node.reconciliations.add(open(1));
        model.refresh();
        model.selectedProperty().set(model.items().get(0));
        assertThat(model.mayResolveProperty().get()).isTrue();

        model.resolve("accept", "  ", null, null);
        assertThat(node.resolved).isEmpty();
        assertThat(model.messageProperty().get()).contains("reason is required");

        model.resolve("accept", "cloud census was stale", null, null);
        assertThat(node.resolved).containsExactly("1:accept:cloud census was stale");
        assertThat(model.items()).as("resolved items leave the open list").isEmpty();
        assertThat(model.selectedProperty().get()).isNull();
    }

    @Test
    void viewerSeesActionsDisabled() {
        role.set("viewer");
        node.reconciliations.add(open(2));
        model.refresh();
        model.selectedProperty().set(model.items().get(0));
        assertThat(model.mayResolveProperty().get()).isFalse();
    }

    @Test
    void reattributeNeedsAPatientAndRefusalsAreShownInPlainWords() {
        node.reconciliations.add(open(3));
        model.refresh();
        model.selectedProperty().set(model.items().get(0));
        model.resolve("reattribute", "wrong bed", "", null);
        assertThat(model.messageProperty().get()).contains("correct patient id");
        node.resolveFailure = new holdfast.console.client.ApiException(409, "reconciliation 3 is not open");
        model.resolve("accept", "ok", null, null);
        assertThat(model.messageProperty().get()).isEqualTo("Not resolved: reconciliation 3 is not open");
    }
}
