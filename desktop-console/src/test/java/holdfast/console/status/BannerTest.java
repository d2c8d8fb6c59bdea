package holdfast.console.status;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.console.FakeEdgeNodeClient;
import holdfast.shared.api.NodeMode;
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
}
