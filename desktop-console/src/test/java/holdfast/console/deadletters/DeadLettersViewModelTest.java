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

    @Test
    void anUnreachableNodeKeepsTheLastListGreyedWithItsTimeNeverNoDeadLetters() {
        DeadLettersViewModel timed = new DeadLettersViewModel(node, role, sameThread, sameThread,
                java.time.Clock.fixed(java.time.Instant.parse("2026-11-23T08:10:00Z"), java.time.ZoneId.of("Europe/Berlin")));
        node.unreachable = true;
        timed.refresh();
        assertThat(timed.placeholderProperty().get()).isEqualTo("The node could not be reached: no dead-letter list yet.");
        node.unreachable = false;
        timed.refresh();
        assertThat(timed.staleProperty().get()).isFalse();
        assertThat(timed.placeholderProperty().get()).isEqualTo("No open dead letters.");
        node.unreachable = true;
        timed.refresh();
        assertThat(timed.staleProperty().get()).isTrue();
        assertThat(timed.messageProperty().get()).startsWith("Could not load dead letters; the list is as of 09:10:00 CET");
    }
}
