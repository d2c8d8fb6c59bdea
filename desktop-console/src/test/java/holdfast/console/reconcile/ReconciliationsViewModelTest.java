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

    @Test
    void aWholeGroupIsResolvedWithOneReasonAndAnUnreachableNodeMarksTheListsStale() {
        node.reconciliations.add(open(4));
        node.reconciliations.add(open(5));
        node.groups.add(new holdfast.shared.api.ReconciliationGroupItem("conflict", "standard", "ICU", "ICU-3", null,
                "bed ICU-3 held P777 at {time}", 2, Instant.parse("2026-11-23T08:00:00Z"),
                Instant.parse("2026-11-23T08:01:00Z"), java.util.List.of(4L, 5L)));
        model.refresh();
        assertThat(model.groups()).hasSize(1);
        assertThat(model.mayResolveGroupProperty().get()).isFalse();
        model.selectedGroupProperty().set(model.groups().get(0));
        assertThat(model.mayResolveGroupProperty().get()).isTrue();
        model.resolveGroup("resend", "", null, null);
        assertThat(model.messageProperty().get()).contains("reason is required");
        model.resolveGroup("resend", "census corrected", null, null);
        assertThat(node.resolved).containsExactly("4:resend:census corrected", "5:resend:census corrected");
        assertThat(model.messageProperty().get()).isEqualTo("Resolved all 2 of the group: resend.");
        assertThat(model.groups()).isEmpty();

        node.unreachable = true;
        model.refresh();
        assertThat(model.staleProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).startsWith("Node unreachable; the lists are as of ");
    }
}
