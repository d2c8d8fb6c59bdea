package holdfast.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.AlertItem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class AlertsViewModelTest {

    /** The console's clock, in a zone that is not UTC, so a UTC string on screen would show. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T08:10:00Z"), ZoneId.of("Europe/Berlin"));

    private final Executor sameThread = Runnable::run;
    private final FakeEdgeNodeClient node = new FakeEdgeNodeClient();
    private final javafx.beans.property.SimpleStringProperty role = new javafx.beans.property.SimpleStringProperty(
            "operator");
    private final AlertsViewModel model = new AlertsViewModel(node, role, sameThread, sameThread, CLOCK);

    private static AlertItem alert(long id, int level, String raisedAt) {
        return new AlertItem(id, "spo2-low", "ICU", "ICU-" + id, "mon-" + id, null, "59408-5", 82.0, level,
                Instant.parse(raisedAt), Instant.parse(raisedAt), 1, "open", null, null, "e" + id, "%", null);
    }

    @Test
    void mostEscalatedAlertsComeFirstThenTheOldestAndOperatorsAcknowledge() {
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
    void severalAreAcknowledgedAtOnceOnlyWithOneReason() {
        node.alerts.add(alert(1, 1, "2026-11-23T08:00:00Z"));
        node.alerts.add(alert(2, 2, "2026-11-23T08:05:00Z"));
        model.refresh();
        model.selection().setAll(model.items());
        model.acknowledge();
        assertThat(node.resolved).isEmpty();
        assertThat(model.messageProperty().get()).isEqualTo("Give one reason for the 2 alerts (kept in the audit trail).");
        model.reasonProperty().set("probes reseated");
        model.acknowledge();
        assertThat(node.resolved).containsExactlyInAnyOrder("alert 1:probes reseated", "alert 2:probes reseated");
        assertThat(model.messageProperty().get()).isEqualTo("2 alerts acknowledged: escalation stopped.");
        assertThat(model.items()).isEmpty();
        assertThat(model.placeholderProperty().get()).isEqualTo("No open alerts.");
    }

    @Test
    void anUnreachableNodeKeepsTheLastListMarkedStaleNeverNoOpenAlerts() {
        node.alerts.add(alert(1, 3, "2026-11-23T08:00:00Z"));
        model.refresh();
        node.unreachable = true;
        model.refresh();
        assertThat(model.items()).extracting(AlertItem::id).containsExactly(1L);
        assertThat(model.staleProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).startsWith("Node not reachable; the list is as of 09:10:00 CET");

        AlertsViewModel neverReached = new AlertsViewModel(node, role, sameThread, sameThread, CLOCK);
        neverReached.refresh();
        assertThat(neverReached.placeholderProperty().get())
                .isEqualTo("The node could not be reached: no alert list yet.");
    }

    @Test
    void timesAreLocalWithTheirAgeAndAnUnplacedDeviceIsNamed() {
        assertThat(model.ago(Instant.parse("2026-11-23T08:06:00Z"))).isEqualTo("09:06:00 CET (4 min ago)");
        assertThat(model.ago(Instant.parse("2026-11-23T08:09:30Z"))).isEqualTo("09:09:30 CET (just now)");
        AlertItem unmapped = new AlertItem(9, "hr-high", null, null, "http-dev-1", null, "8867-4", 150.0, 1,
                Instant.EPOCH, Instant.EPOCH, 1, "open", null, null, "e9", "/min", null);
        assertThat(AlertsViewModel.where(unmapped)).isEqualTo("unmapped device http-dev-1");
        assertThat(AlertsViewModel.where(alert(2, 1, "2026-11-23T08:00:00Z"))).isEqualTo("ICU / ICU-2");
        assertThat(unmapped.valueWithUnit()).isEqualTo("150 /min");
    }

    @Test
    void theAcknowledgedViewListsWhoAndWhenAndOffersNoAcknowledgement() {
        node.alerts.add(new AlertItem(5, "spo2-low", "ICU", "ICU-5", "mon-5", null, "59408-5", 82.0, 2,
                Instant.parse("2026-11-23T08:00:00Z"), Instant.parse("2026-11-23T08:00:00Z"), 1, "acknowledged",
                "charge nurse", Instant.parse("2026-11-23T08:02:00Z"), "e5", "%", null));
        model.viewProperty().set(AlertsViewModel.ACKNOWLEDGED);
        assertThat(model.items()).extracting(AlertItem::acknowledgedBy).containsExactly("charge nurse");
        model.selection().setAll(List.copyOf(model.items()));
        assertThat(model.mayAcknowledgeProperty().get()).isFalse();
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
