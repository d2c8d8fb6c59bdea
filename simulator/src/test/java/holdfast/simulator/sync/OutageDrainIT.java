package holdfast.simulator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import holdfast.edge.EdgeNode;
import holdfast.simulator.cloud.CloudStore;
import holdfast.simulator.cloud.LaneLedger;
import holdfast.simulator.cloud.ReferenceCloud;
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
 * A real outage: the reference cloud stops (connections refused) while 21,000 events arrive over the three
 * lanes; the node buffers them, says DEGRADED, and when the cloud is back drains critical first, then
 * everything, and the cloud ends up with each event exactly once, in lane order.
 */
class OutageDrainIT {

    private static final int BATCH = 250;
    private static final int CRITICAL = 3_000;
    private static final int STANDARD = 12_000;
    private static final int BULK = 6_000;

    @TempDir
    Path tmp;

    @Test
    void criticalLaneDrainsFirstAfterOutageAndTheCloudHoldsEveryEventOnce() throws Exception {
        Path cloudDir = tmp.resolve("cloud");
        ReferenceCloud cloud = ReferenceCloud.start(0, cloudDir, SyncNodes.CLOUD_TOKEN);
        int cloudPort = cloud.port();
        try (EdgeNode node = SyncNodes.start(tmp.resolve("node"), cloud.url(), Map.of(
                "upstream.batch-max-events", String.valueOf(BATCH),
                "upstream.lower-lane-max-wait-ms", "2000",
                // Lanes are counted exactly: an operator alert (devices learned fast, then quiet through the outage
                // on a slow machine) would add an ops event to the critical lane.
                "ops.enabled", "false"))) {
            NodeClient api = new NodeClient(node.httpPort());
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().get("mode").asText().equals("ONLINE"));

            cloud.close();
            Map<String, String> ids = Ingest.post(api, 8, List.of(new Ingest.Stream("crit", CRITICAL, "critical"),
                    new Ingest.Stream("std", STANDARD, null), new Ingest.Stream("bulk", BULK, null)));
            assertThat(ids).hasSize(CRITICAL + STANDARD + BULK);
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().get("mode").asText().equals("DEGRADED"));
            assertThat(api.status().at("/upstream/state").asText()).isEqualTo("DISCONNECTED");
            assertThat(api.lane("critical").get("backlog").asLong()).isEqualTo(CRITICAL);
            assertThat(api.lane("standard").get("backlog").asLong()).isEqualTo(STANDARD);
            assertThat(api.lane("batch").get("backlog").asLong()).isEqualTo(BULK);

            cloud = ReferenceCloud.start(cloudPort, cloudDir, SyncNodes.CLOUD_TOKEN);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.lane("critical").get("backlog").asLong() == 0);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                    api.lane("standard").get("backlog").asLong() == 0 && api.lane("batch").get("backlog").asLong() == 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().get("mode").asText().equals("ONLINE"));

            // Critical first: before the cloud accepted the last critical event, the other lanes got at most
            // their anti-starvation share through (one batch every lower-lane-max-wait each, plus a first one).
            String arrivals = cloud.ledger().arrivals();
            int lastCritical = arrivals.lastIndexOf('c');
            long othersBefore = arrivals.substring(0, lastCritical).chars().filter(c -> c != 'c').count();
            assertThat(othersBefore).as("standard/batch events accepted before critical had drained")
                    .isLessThanOrEqualTo(2L * 3 * BATCH);

            // Exactly once, by id, and in order per lane.
            assertThat(cloud.store().acceptedCount()).isEqualTo(ids.size());
            Set<String> accepted = cloud.store().accepted(null).stream().map(CloudStore.AcceptedEvent::eventId)
                    .collect(Collectors.toSet());
            assertThat(accepted).isEqualTo(new HashSet<>(ids.values()));
            for (LaneLedger.Report r : cloud.ledger().reports()) {
                assertThat(r.gaps()).as(r.lane() + " gaps").isZero();
                assertThat(r.outOfOrderBatches()).as(r.lane() + " out-of-order batches").isZero();
            }
        } finally {
            cloud.close();
        }
    }
}
