package holdfast.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.Attention;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.api.OpenCount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tabs carry their counts from the status, never a bare title: not reached, or stale, says so. */
class TabCountsTest {

    private final NodeStatus busy;

    TabCountsTest() {
        NodeStatus s = FakeEdgeNodeClient.status(NodeMode.ONLINE, 0, 12, 0);
        busy = new NodeStatus(s.nodeId(), s.mode(), s.modeSince(), s.modeCause(), s.upstream(), s.lanes(),
                new OpenCount(5), new OpenCount(4), s.diskFreeBytes(), s.mqtt(), List.of(), null, List.of(),
                new Attention(27, 3, 2, 2, 1, 1));
    }

    @Test
    void everyTabCarriesItsCountFromTheStatus() {
        assertThat(TabCounts.title("Lanes", busy, true)).isEqualTo("Lanes (12 waiting)");
        assertThat(TabCounts.title("Alerts", busy, true)).isEqualTo("Alerts (27, 3 escalated)");
        assertThat(TabCounts.title("Devices", busy, true)).isEqualTo("Devices (2 silent, 1 late)");
        assertThat(TabCounts.title("Senders", busy, true)).isEqualTo("Senders (1 silent)");
        assertThat(TabCounts.title("Operator alerts", busy, true)).isEqualTo("Operator alerts (2 open)");
        assertThat(TabCounts.title("Reconciliations", busy, true)).isEqualTo("Reconciliations (5)");
        assertThat(TabCounts.title("Dead letters", busy, true)).isEqualTo("Dead letters (4)");
    }

    @Test
    void aNodeNeverReachedOrNotAnsweringNowIsNeverShownAsABlank() {
        assertThat(TabCounts.title("Alerts", null, false)).isEqualTo("Alerts (not reached)");
        assertThat(TabCounts.title("Alerts", busy, false)).isEqualTo("Alerts (27, 3 escalated, stale)");
        assertThat(TabCounts.title("Devices", FakeEdgeNodeClient.status(NodeMode.ONLINE), true))
                .isEqualTo("Devices (none silent)");
    }
}
