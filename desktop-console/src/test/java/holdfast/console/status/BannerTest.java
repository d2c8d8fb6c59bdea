package holdfast.console.status;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.shared.api.Attention;
import holdfast.shared.api.BreakGlassItem;
import holdfast.shared.api.OpenCount;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.UpstreamStatus;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BannerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ONLINE       | 0    | 0   | OK      | Online since 08:14 — syncing to the cloud, nothing waiting
            DEGRADED     | 4000 | 100 | WARNING | Cloud unreachable since 08:14 — 4,000 events buffered, estimated 40 s to drain after reconnect
            DEGRADED     | 4000 | 0   | WARNING | Cloud unreachable since 08:14 — 4,000 events buffered (connection refused)
            DRAINING     | 0    | 0   | WARNING | Draining since 08:14 — cloud back, sending the backlog, critical first
            UNKNOWN      | 0    | 0   | WARNING | Mode unknown to this console since 08:14 — treat as not all well
            LOCAL_ONLY   | 5    | 0   | INFO    | Local only — no cloud configured; 5 events kept on this node
            BACKPRESSURE | 0    | 0   | ALERT   | Refusing new events since 08:14
            """)
    void everyModeHasPlainWordsAndASeverity(NodeMode mode, long backlog, double drainRate, String severity,
                                            String text) {
        Banner banner = Banner.of(FakeEdgeNodeClient.status(mode, 0, backlog), drainRate, ZoneOffset.UTC);
        assertThat(banner.severity()).isEqualTo(severity);
        assertThat(banner.icon()).isNotBlank();
        assertThat(banner.text()).startsWith(text);
    }

    @Test
    void drainingShowsEachLanesBacklogAndEstimateAndIsNotAllWell() {
        NodeStatus base = FakeEdgeNodeClient.status(NodeMode.DRAINING);
        NodeStatus draining = new NodeStatus(base.nodeId(), NodeMode.DRAINING, base.modeSince(),
                "cloud reachable again: sending the backlog held during the outage, critical first", base.upstream(),
                List.of(new LaneStatus("critical", 1_120, 1_000, 120, 9_000, true, null, 800L),
                        new LaneStatus("standard", 5_000, 0, 5_000, 60_000, true, null, 12_400L),
                        new LaneStatus("batch", 300, 300, 0, 0, true, null, null)),
                base.reconciliations(), base.deadLetters(), base.diskFreeBytes());
        Banner banner = Banner.of(draining, 0, ZoneOffset.UTC);
        assertThat(banner.severity()).isEqualTo("WARNING");
        assertThat(banner.text()).isEqualTo("Draining since 08:14 — cloud back, sending the backlog, critical first: "
                + "critical 120 events (~1 s), standard 5,000 events (~12 s)");
    }

    @Test
    void aBusyCloudIsNamedApartFromAnUnreachableOne() {
        NodeStatus base = FakeEdgeNodeClient.status(NodeMode.DEGRADED, 0, 40);
        NodeStatus busy = new NodeStatus(base.nodeId(), NodeMode.DEGRADED, base.modeSince(),
                "cloud busy, retry after 5 s (upstream answered 503); buffering locally",
                new UpstreamStatus("DISCONNECTED", null, "upstream answered 503", "BUSY", 5L), base.lanes(),
                base.reconciliations(), base.deadLetters(), base.diskFreeBytes());
        assertThat(Banner.of(busy, 0, ZoneOffset.UTC).text())
                .isEqualTo("Cloud busy (retry after 5 s) since 08:14 — 40 events buffered (upstream answered 503)");
        assertThat(Banner.of(base, 0, ZoneOffset.UTC).text())
                .isEqualTo("Cloud unreachable since 08:14 — 40 events buffered (connection refused)");
    }

    @Test
    void aModeThisConsoleDoesNotKnowIsReadAsUnknownNeverAsOnline() throws Exception {
        ObjectMapper mapper = EnvelopeCodec.newMapper();
        String json = mapper.writeValueAsString(FakeEdgeNodeClient.status(NodeMode.ONLINE))
                .replace("\"ONLINE\"", "\"SOMETHING_NEW\"");
        NodeStatus read = mapper.readValue(json, NodeStatus.class);
        assertThat(read.mode()).isEqualTo(NodeMode.UNKNOWN);
        assertThat(Banner.of(read, 0, ZoneOffset.UTC).severity()).isNotEqualTo("OK");
    }

    @Test
    void anOnlineNodeWithOpenWorkNeverSaysNothingWaiting() {
        NodeStatus online = FakeEdgeNodeClient.status(NodeMode.ONLINE);
        NodeStatus busyWard = new NodeStatus(online.nodeId(), online.mode(), online.modeSince(), online.modeCause(),
                online.upstream(), online.lanes(), new OpenCount(294), new OpenCount(14), online.diskFreeBytes(),
                online.mqtt(), List.of(), null, List.of(), new Attention(27, 21, 1, 2, 0));
        Banner banner = Banner.of(busyWard, 0, ZoneOffset.UTC);
        assertThat(banner.text()).isEqualTo("Online since 08:14 — syncing to the cloud, nothing waiting to sync — "
                + "needs a person: 27 open alerts (21 escalated), 1 operator alert, 294 reconciliations, "
                + "14 dead letters, 2 silent devices");
        assertThat(banner.severity()).as("an escalated alert is the worst item").isEqualTo("ALERT");

        NodeStatus oneLetter = new NodeStatus(online.nodeId(), online.mode(), online.modeSince(), online.modeCause(),
                online.upstream(), online.lanes(), new OpenCount(0), new OpenCount(1), online.diskFreeBytes());
        assertThat(Banner.of(oneLetter, 0, ZoneOffset.UTC).severity()).isEqualTo("WARNING");
        assertThat(Banner.of(oneLetter, 0, ZoneOffset.UTC).text()).endsWith("needs a person: 1 dead letter");
        assertThat(Banner.of(online, 0, ZoneOffset.UTC).text()).endsWith("nothing waiting");
    }

    @Test
    void breakGlassIsNamedOnTheBannerWithWhoUntilWhenAndWhy() {
        NodeStatus online = FakeEdgeNodeClient.status(NodeMode.ONLINE);
        NodeStatus elevated = new NodeStatus(online.nodeId(), online.mode(), online.modeSince(), online.modeCause(),
                online.upstream(), online.lanes(), online.reconciliations(), online.deadLetters(),
                online.diskFreeBytes(), online.mqtt(), List.of(new BreakGlassItem(1, "tok-1", "night IT", "admin away",
                        Instant.parse("2026-11-23T08:20:00Z"), Instant.parse("2026-11-23T08:50:00Z"))));
        Banner banner = Banner.of(elevated, 0, ZoneOffset.UTC);
        assertThat(banner.text()).startsWith("Online since 08:14")
                .contains("BREAK-GLASS: night IT acts as admin until 08:50 (admin away)");
        assertThat(banner.severity()).as("never shown as all well").isEqualTo("WARNING");
        assertThat(Banner.of(online, 0, ZoneOffset.UTC).severity()).isEqualTo("OK");
    }
}
