package holdfast.simulator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.simulator.cloud.CloudStore;
import holdfast.simulator.cloud.FaultPlan;
import holdfast.simulator.cloud.LaneLedger;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.support.ChildEdge;
import holdfast.simulator.support.Ingest;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.SyncNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the packaged node in the middle of a drain: after the restart the cloud ends with every event
 * exactly once (a resend answered "duplicate" is fine), and no lane ever skipped a laneSeq.
 */
class SyncCrashIT {

    private static final int PER_LANE = 800;

    @TempDir
    Path tmp;

    @Test
    void everyEventReachesTheCloudExactlyOnceAcrossKillNineDuringDrain() throws Exception {
        try (ReferenceCloud cloud = ReferenceCloud.start(0, tmp.resolve("cloud"), SyncNodes.CLOUD_TOKEN)) {
            cloud.faults(FaultPlan.of(FaultPlan.Mode.UNAVAILABLE)); // buffer everything first
            Map<String, String> env = Map.of(
                    "HOLDFAST_NODE_ID", "edge-crash",
                    "HOLDFAST_UPSTREAM_URL", cloud.url(),
                    "HOLDFAST_UPSTREAM_TOKEN", SyncNodes.CLOUD_TOKEN,
                    "HOLDFAST_CONFIG_UPSTREAM__BATCH_MAX_EVENTS", "100",
                    "HOLDFAST_CONFIG_UPSTREAM__BACKOFF_MAX_MS", "300",
                    "HOLDFAST_CONFIG_UPSTREAM__DRAIN_MAX_EVENTS_PER_SECOND", "1000",
                    "HOLDFAST_CONFIG_LANES__RULES__0__NAME", "bulk-backfill",
                    "HOLDFAST_CONFIG_LANES__RULES__0__DEVICE_PREFIX", "bulk-",
                    "HOLDFAST_CONFIG_LANES__RULES__0__LANE", "batch");
            Path data = tmp.resolve("node");
            Map<String, String> ids;
            ChildEdge child = ChildEdge.start(data, env);
            try {
                ids = Ingest.post(child.api(), 6, List.of(new Ingest.Stream("crit", PER_LANE, "critical"),
                        new Ingest.Stream("std", PER_LANE, null), new Ingest.Stream("bulk", PER_LANE, null)));
                cloud.faults(FaultPlan.none());
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> cloud.store().acceptedCount() >= 700);
            } finally {
                child.kill9();
            }
            assertThat(cloud.store().acceptedCount()).as("the kill landed mid-drain").isLessThan(ids.size());

            try (ChildEdge restarted = ChildEdge.start(data, env)) {
                NodeClient api = restarted.api();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                        api.status().get("lanes").findValues("backlog").stream().allMatch(b -> b.asLong() == 0));
                assertThat(api.lane("standard").get("synced").asLong()).isEqualTo(PER_LANE);
            }
            assertThat(cloud.store().acceptedCount()).isEqualTo(ids.size());
            Set<String> accepted = cloud.store().accepted(null).stream().map(CloudStore.AcceptedEvent::eventId)
                    .collect(Collectors.toSet());
            assertThat(accepted).isEqualTo(new HashSet<>(ids.values()));
            for (LaneLedger.Report r : cloud.ledger().reports()) {
                assertThat(r.gaps()).as(r.lane() + " gaps").isZero();
                assertThat(r.outOfOrderBatches()).as(r.lane() + " out-of-order batches").isZero();
            }
        }
    }
}
