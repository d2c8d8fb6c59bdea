package holdfast.console.status;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.NodeMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class StatusViewModelTest {

    private final Executor sameThread = Runnable::run;
    private final FakeEdgeNodeClient node = new FakeEdgeNodeClient();
    private final StatusViewModel model = new StatusViewModel("ward 3", "http://127.0.0.1:8080", node, sameThread,
            sameThread, Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC));

    @Test
    void degradedNodeShowsCauseAndBufferedCount() {
        node.status = FakeEdgeNodeClient.status(NodeMode.DEGRADED, 8, 12_400, 0);
        model.refresh();
        Banner banner = model.bannerProperty().get();
        assertThat(banner.severity()).isEqualTo("WARNING");
        assertThat(banner.text()).startsWith("Cloud unreachable since 08:14").contains("12,408 events buffered")
                .contains("connection refused");
        assertThat(model.lanes()).extracting(LaneRow::backlog).containsExactly(8L, 12_400L, 0L);
    }

    @Test
    void unreachableNodeIsShownDistinctFromDegraded() {
        node.status = FakeEdgeNodeClient.status(NodeMode.ONLINE);
        model.refresh();
        assertThat(model.reachableProperty().get()).isTrue();
        node.unreachable = true;
        model.refresh();
        assertThat(model.reachableProperty().get()).isFalse();
        assertThat(model.bannerProperty().get().severity()).isEqualTo("UNREACHABLE");
        assertThat(model.bannerProperty().get().text()).startsWith("Cannot reach ward 3");
        assertThat(model.lanes()).as("last known state stays on screen").hasSize(3);
    }

    @Test
    void theBacklogChartShowsTheNodesOwnHistoryInWallClockTimeAndStaysMarkedWhenTheNodeIsGone() {
        java.time.Instant m1 = java.time.Instant.parse("2026-11-23T07:58:00Z");
        java.time.Instant m2 = m1.plusSeconds(60);
        node.history = new holdfast.shared.api.LaneHistoryItem(60, m2, java.util.Map.of(
                "standard", java.util.List.of(new holdfast.shared.api.LaneHistoryItem.Minute(m1, 5, 0, 5, 1000),
                        new holdfast.shared.api.LaneHistoryItem.Minute(m2, 2, 7, 0, 0)),
                "critical", java.util.List.of(new holdfast.shared.api.LaneHistoryItem.Minute(m2, 1, 1, 0, 0))));
        node.status = FakeEdgeNodeClient.status(NodeMode.LOCAL_ONLY, 1, 2, 3);
        model.refresh();
        assertThat(model.backlogChart()).extracting(javafx.scene.chart.XYChart.Series::getName)
                .containsExactly("critical", "standard");
        assertThat(model.backlogChart().get(1).getData()).extracting(d -> d.getXValue().longValue(),
                d -> d.getYValue().longValue()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(m1.getEpochSecond(), 5L),
                org.assertj.core.groups.Tuple.tuple(m2.getEpochSecond(), 0L));
        assertThat(model.history().captionProperty().get()).startsWith("Backlog per lane, last hour");
        assertThat(model.bannerProperty().get().text()).contains("Local only").contains("6 events kept");

        node.unreachable = true;
        model.refresh();
        assertThat(model.backlogChart().get(1).getData()).as("the last chart stays").hasSize(2);
        assertThat(model.history().staleProperty().get()).isTrue();
        assertThat(model.history().captionProperty().get()).contains(": as of ").contains("(the node is not answering)");
    }
}
