package holdfast.console.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.console.client.ApiException;
import holdfast.shared.api.DeadLetterItem;
import java.time.Instant;
import java.util.concurrent.Executor;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

class DeadLettersViewModelTest {

    private final Executor sameThread = Runnable::run;
    private final FakeEdgeNodeClient node = new FakeEdgeNodeClient();
    private final SimpleStringProperty role = new SimpleStringProperty("operator");
    private final DeadLettersViewModel model = new DeadLettersViewModel(node, role, sameThread, sameThread);

    private static DeadLetterItem open(long id) {
        return new DeadLetterItem(id, Instant.parse("2026-11-23T08:00:00Z"), "hl7", "ADT", "c" + id, "hl7:ADT:GEN:" + id,
                "ab".repeat(32), 120, false, "application/hl7-v2", "not accepted now (disk full); resend later", null,
                "open", null, null, null, null);
    }

    @Test
    void operatorReprocessesWithAReasonAndTheLetterLeavesTheOpenList() {
        node.deadLetters.add(open(1));
        model.refresh();
        model.selectedProperty().set(model.items().get(0));
        assertThat(model.mayActProperty().get()).isTrue();

        model.reprocess(" ");
        assertThat(node.resolved).isEmpty();
        assertThat(model.messageProperty().get()).contains("reason is required");

        model.reprocess("disk space freed");
        assertThat(node.resolved).containsExactly("reprocess 1:disk space freed");
        assertThat(model.items()).isEmpty();
        assertThat(model.messageProperty().get()).contains("#1 reprocessed");
    }

    @Test
    void stillRefusedIsSaidInPlainWordsAndViewersMayNotAct() {
        node.deadLetters.add(open(2));
        model.refresh();
        model.selectedProperty().set(model.items().get(0));
        node.resolveFailure = new ApiException(422, "reprocessing met the same kind of problem, so the dead letter "
                + "stays open: control id reused with different content");
        model.reprocess("retry");
        assertThat(model.messageProperty().get()).startsWith("Not reprocessed: ").contains("stays open");

        role.set("viewer");
        assertThat(model.mayActProperty().get()).isFalse();
    }
}
