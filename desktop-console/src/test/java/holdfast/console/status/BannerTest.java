package holdfast.console.status;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.BreakGlassItem;
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
            DEGRADED     | 4000 | 0   | WARNING | Cloud unreachable since 08:14 — 4,000 events buffered (
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
