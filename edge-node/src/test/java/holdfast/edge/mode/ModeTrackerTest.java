package holdfast.edge.mode;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.journal.JournalEntry;
import holdfast.edge.lanes.DiskGuard;
import holdfast.edge.lanes.DiskSettings;
import holdfast.edge.support.MutableClock;
import holdfast.edge.sync.SyncProgress;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.UpstreamStatus;
import holdfast.shared.envelope.Lane;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModeTrackerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final FakeSync sync = new FakeSync();
    private final ModeTracker mode = new ModeTracker(true, sync,
            new DiskGuard(new DiskSettings(0, 0, 0, 500), () -> Long.MAX_VALUE), clock,
            new ModeSettings(Duration.ofSeconds(5)));

    @Test
    void aReturnedCloudWithAnOutagesBacklogStillToSendIsDrainingThenOnline() {
        sync.upstream = new UpstreamStatus("DISCONNECTED", null, "upstream refused the connection", "UNREACHABLE",
                null);
        assertThat(mode.current().mode()).isEqualTo(NodeMode.DEGRADED);

        sync.reachable = true;
        sync.draining = true;
        sync.upstream = new UpstreamStatus("CONNECTED", clock.instant(), null);
        clock.advance(Duration.ofSeconds(1));
        ModeTracker.Snapshot draining = mode.current();
        assertThat(draining.mode()).isEqualTo(NodeMode.DRAINING);
        assertThat(draining.since()).isEqualTo(clock.instant());
        assertThat(draining.cause()).contains("critical first");

        sync.draining = false;
        assertThat(mode.current().mode()).isEqualTo(NodeMode.ONLINE);
        assertThat(mode.current().cause()).isNull();
    }

    @Test
    void onlineOnlyWhileNoCriticalEventHasWaitedLongerThanAFewSeconds() {
        sync.reachable = true;
        sync.criticalAgeMs = 5_000;
        assertThat(mode.current().mode()).isEqualTo(NodeMode.ONLINE);
        sync.criticalAgeMs = 12_000;
        assertThat(mode.current().mode()).isEqualTo(NodeMode.DRAINING);
        assertThat(mode.current().cause()).isEqualTo("critical events waiting 12 s for the cloud");
    }

    @Test
    void aBusyCloudIsNamedApartFromAnUnreachableOneWithoutSayingAnythingTwice() {
        sync.upstream = new UpstreamStatus("DISCONNECTED", null, "upstream answered 503", "BUSY", 5L);
        assertThat(mode.current().mode()).isEqualTo(NodeMode.DEGRADED);
        assertThat(mode.current().cause())
                .isEqualTo("cloud busy, retry after 5 s (upstream answered 503); buffering locally");

        sync.upstream = new UpstreamStatus("DISCONNECTED", null, "upstream refused the connection", "UNREACHABLE",
                null);
        assertThat(mode.current().cause())
                .isEqualTo("cloud unreachable (upstream refused the connection); buffering locally");
    }

    /** The sync side as the mode sees it, set by hand. */
    private static final class FakeSync implements SyncProgress {
        volatile boolean reachable;
        volatile boolean draining;
        volatile long criticalAgeMs;
        volatile UpstreamStatus upstream = new UpstreamStatus("CONNECTING", null, null);

        @Override
        public long syncedSeq(Lane lane) {
            return 0;
        }

        @Override
        public long syncedIndex(Lane lane) {
            return JournalEntry.NO_INDEX;
        }

        @Override
        public UpstreamStatus upstream() {
            return upstream;
        }

        @Override
        public boolean reachable() {
            return reachable;
        }

        @Override
        public boolean draining() {
            return draining;
        }

        @Override
        public long oldestBacklogAgeMs(Lane lane) {
            return lane == Lane.CRITICAL ? criticalAgeMs : 0;
        }
    }
}
