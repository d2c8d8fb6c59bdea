package holdfast.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.Attention;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.api.OpenCount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet shows each node's worst open item: escalated alerts before refusing lanes before silence, and so on. */
class NodeHealthTest {

    private static NodeStatus status(NodeMode mode, List<LaneStatus> lanes, long reconciliations, Attention a) {
        NodeStatus s = FakeEdgeNodeClient.status(mode);
        return new NodeStatus(s.nodeId(), mode, s.modeSince(), s.modeCause(), s.upstream(), lanes == null ? s.lanes()
                : lanes, new OpenCount(reconciliations), new OpenCount(0), s.diskFreeBytes(), s.mqtt(), List.of(),
                null, List.of(), a);
    }

    @Test
    void escalatedAlertsAreWorseThanAnythingElse() {
        NodeHealth h = NodeHealth.of(status(NodeMode.ONLINE, null, 5, new Attention(3, 1, 2, 4, 0, 1)));
        assertThat(h).isEqualTo(new NodeHealth("ALERT", "1 escalated alert"));
    }

    @Test
    void aRefusingLaneComesBeforeOperatorAlertsAndSilence() {
        List<LaneStatus> lanes = List.of(new LaneStatus("critical", 10, 10, 0, 0, false, null));
        NodeHealth h = NodeHealth.of(status(NodeMode.ONLINE, lanes, 0, new Attention(0, 0, 2, 4, 0, 1)));
        assertThat(h).isEqualTo(new NodeHealth("ALERT", "refusing new events on critical"));
    }

    @Test
    void anOldCriticalBacklogWhileTheCloudAnswersIsAnAlertButNotDuringAnOutage() {
        List<LaneStatus> lanes = List.of(new LaneStatus("critical", 130, 10, 120, 300_000, true, null));
        assertThat(NodeHealth.of(status(NodeMode.ONLINE, lanes, 0, Attention.NONE)))
                .isEqualTo(new NodeHealth("ALERT", "critical backlog 120 events, oldest 300 s"));
        assertThat(NodeHealth.of(status(NodeMode.DEGRADED, lanes, 0, Attention.NONE)).worst())
                .isEqualTo("cloud unreachable: 120 events buffered");
    }

    @Test
    void silentSendersAreNamedAfterSilentDevicesAndNothingOpenIsAllWell() {
        assertThat(NodeHealth.of(status(NodeMode.ONLINE, null, 0, new Attention(0, 0, 0, 0, 0, 1))))
                .isEqualTo(new NodeHealth("WARNING", "1 silent HL7 sender"));
        assertThat(NodeHealth.of(status(NodeMode.ONLINE, null, 0, Attention.NONE)))
                .isEqualTo(new NodeHealth("OK", "nothing waiting"));
    }
}
