package holdfast.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.console.connection.NodeConnection;
import holdfast.shared.api.Attention;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

/**
 * The fleet overview asks every node and shows each as it answers: its worst open item, or that it cannot be
 * reached, keeping what it last showed marked with the time of last contact; forgetting a node drops its row.
 */
class FleetViewModelTest {

    private final Executor sameThread = Runnable::run;
    private final NodeConnection ward3 = new NodeConnection("ward 3", "http://127.0.0.1:1", "t3");
    private final NodeConnection ward4 = new NodeConnection("ward 4", "http://127.0.0.1:2", "t4");
    private final FakeEdgeNodeClient node3 = new FakeEdgeNodeClient();
    private final FakeEdgeNodeClient node4 = new FakeEdgeNodeClient();
    private final ObservableList<NodeConnection> connections = FXCollections.observableArrayList(ward3, ward4);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T08:20:00Z"), ZoneOffset.UTC);
    private final FleetViewModel model = new FleetViewModel(connections, Map.of(ward3, node3, ward4, node4)::get,
            sameThread, sameThread, clock);

    private static NodeStatus withSilentDevices(int silent) {
        NodeStatus s = FakeEdgeNodeClient.status(NodeMode.ONLINE);
        return new NodeStatus(s.nodeId(), s.mode(), s.modeSince(), s.modeCause(), s.upstream(), s.lanes(),
                s.reconciliations(), s.deadLetters(), s.diskFreeBytes(), s.mqtt(), List.of(), null, List.of(),
                new Attention(0, 0, 0, silent, 0));
    }

    @Test
    void everyNodeIsShownWithItsWorstOpenItemAndAnUnreachableOneSaysSoWithItsLastState() {
        assertThat(model.rows()).extracting(FleetRow::severity).containsExactly("CONNECTING", "CONNECTING");
        node3.status = withSilentDevices(2);
        node4.unreachable = true;
        model.refresh();
        FleetRow three = model.rows().get(0);
        assertThat(three.severity()).isEqualTo("WARNING");
        assertThat(three.worst()).isEqualTo("2 silent devices");
        assertThat(three.mode()).isEqualTo("Online");
        assertThat(three.lastContact()).isEqualTo(clock.instant());
        FleetRow four = model.rows().get(1);
        assertThat(four.severity()).isEqualTo("UNREACHABLE");
        assertThat(four.worst()).startsWith("never reached: ").contains("cannot reach");
        assertThat(four.state()).isEqualTo("unreachable");
        assertThat(four.lastContact()).isNull();
        assertThat(model.severities()).containsEntry(ward3, "WARNING").containsEntry(ward4, "UNREACHABLE");
        assertThat(model.summaryProperty().get()).isEqualTo("2 of 2 need a person");

        node3.unreachable = true;
        model.refresh();
        three = model.rows().get(0);
        assertThat(three.severity()).isEqualTo("UNREACHABLE");
        assertThat(three.stale()).isTrue();
        assertThat(three.worst()).isEqualTo("2 silent devices (as of 23 Nov 08:20:00 Z)");
        assertThat(three.lastContact()).isEqualTo(clock.instant());
    }

    @Test
    void aNodeWithNothingOpenIsAllWellAndAForgottenNodeLeavesTheOverview() {
        node3.status = FakeEdgeNodeClient.status(NodeMode.ONLINE);
        node4.status = FakeEdgeNodeClient.status(NodeMode.ONLINE);
        model.refresh();
        assertThat(model.rows()).extracting(FleetRow::severity).containsExactly("OK", "OK");
        assertThat(model.rows().get(0).worst()).isEqualTo("nothing waiting");
        assertThat(model.summaryProperty().get()).isEqualTo("2 nodes, all well");
        connections.remove(ward4);
        assertThat(model.rows()).extracting(r -> r.node().name()).containsExactly("ward 3");
        assertThat(model.severities()).doesNotContainKey(ward4);
    }
}
