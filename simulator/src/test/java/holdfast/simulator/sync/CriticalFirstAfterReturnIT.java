package holdfast.simulator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.EdgeNode;
import holdfast.simulator.cloud.FaultPlan;
import holdfast.simulator.cloud.LaneLedger;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.support.Ingest;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.Readings;
import holdfast.simulator.support.SyncNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's first promise across an outage: the cloud stops (connections refused) long enough for every
 * lane's backoff to reach its maximum, while readings pile up in all three lanes; when it comes back, every
 * critical event journaled before the return reaches the cloud before any standard or batch event, and the
 * node says DEGRADED, then DRAINING (with estimates), then ONLINE.
 */
class CriticalFirstAfterReturnIT {

    private static final int CRITICAL = 1_000;
    private static final int STANDARD = 2_000;
    private static final int BULK = 1_000;
    /** Backoff 100 ms doubling to 3 s: under 7 s of failures reach the maximum, so the outage lasts 9 s. */
    private static final Duration OUTAGE = Duration.ofSeconds(9);

    @TempDir
    Path tmp;

    @Test
    void criticalBacklogOfTheOutageArrivesBeforeAnyStandardOrBatchEventAndTheModeSaysSo() throws Exception {
        Path cloudDir = tmp.resolve("cloud");
        ReferenceCloud cloud = ReferenceCloud.start(0, cloudDir, SyncNodes.CLOUD_TOKEN);
        int cloudPort = cloud.port();
        try (EdgeNode node = SyncNodes.start(tmp.resolve("node"), cloud.url(), Map.of(
                "upstream.batch-max-events", "100",
                "upstream.backoff-initial-ms", "100",
                "upstream.backoff-max-ms", "3000",
                "upstream.breaker-delay-ms", "5000",
                // Short, so that a lower lane would slip batches in ahead of critical under the ordinary rules.
                "upstream.lower-lane-max-wait-ms", "200"));
             ModeWatch modes = new ModeWatch(new NodeClient(node.httpPort()))) {
            NodeClient api = new NodeClient(node.httpPort());
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().get("mode").asText().equals("ONLINE"));

            cloud.close();
            Instant cut = Instant.now();
            Map<String, String> ids = Ingest.post(api, 8, List.of(new Ingest.Stream("crit", CRITICAL, "critical"),
                    new Ingest.Stream("std", STANDARD, null), new Ingest.Stream("bulk", BULK, null)));
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().get("mode").asText().equals("DEGRADED"));
            assertThat(api.status().at("/upstream/trouble").asText()).isEqualTo("UNREACHABLE");
            assertThat(api.status().get("modeCause").asText()).startsWith("cloud unreachable (");
            await().atMost(OUTAGE.plusSeconds(30)).until(() -> Duration.between(cut, Instant.now()).compareTo(OUTAGE) >= 0);
            long criticalAtReturn = api.lane("critical").get("appended").asLong();
            assertThat(criticalAtReturn).isEqualTo(CRITICAL);

            cloud = ReferenceCloud.start(cloudPort, cloudDir, SyncNodes.CLOUD_TOKEN);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode s = api.status();
                return s.get("mode").asText().equals("ONLINE")
                        && s.get("lanes").findValues("backlog").stream().allMatch(b -> b.asLong() == 0);
            });

            // From the cloud's arrival log: nothing of standard or batch before the last critical of the outage.
            List<LaneLedger.Arrival> log = cloud.ledger().arrivalLog();
            int lastCritical = -1;
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).lane().equals("critical") && log.get(i).laneSeq() <= criticalAtReturn) {
                    lastCritical = i;
                }
            }
            assertThat(lastCritical).as("all critical events of the outage arrived").isGreaterThanOrEqualTo(CRITICAL - 1);
            List<LaneLedger.Arrival> before = log.subList(0, lastCritical + 1);
            assertThat(before).as("events accepted before the outage's critical backlog was in")
                    .allMatch(a -> a.lane().equals("critical"));
            assertThat(cloud.store().acceptedCount()).isEqualTo(ids.size());

            // The watcher polls on its own thread: let it see the ONLINE this thread saw before judging its record.
            await().atMost(Duration.ofSeconds(10)).until(() -> modes.last().equals("ONLINE"));
            modes.close();
            assertThat(modes.sequence()).as("modes seen").containsSubsequence("DEGRADED", "DRAINING", "ONLINE");
            assertThat(modes.etaSeenWhileDraining()).as("a per-lane estimate while draining").isTrue();
        } finally {
            cloud.close();
        }
    }

    @Test
    void aBusyCloudIsShownBusyWithItsRetryAfterNotUnreachable() {
        ReferenceCloud cloud = ReferenceCloud.start(0, tmp.resolve("cloud"), SyncNodes.CLOUD_TOKEN);
        try (EdgeNode node = SyncNodes.start(tmp.resolve("node"), cloud.url(), Map.of())) {
            NodeClient api = new NodeClient(node.httpPort());
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().get("mode").asText().equals("ONLINE"));

            cloud.faults(FaultPlan.of(FaultPlan.Mode.BUSY).retryAfter(2));
            NodeClient.Response posted = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                    Readings.reading("mon-1", "m-1", "ICU-1", null));
            assertThat(posted.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> api.status().at("/upstream/trouble").asText()
                    .equals("BUSY"));
            JsonNode status = api.status();
            assertThat(status.get("mode").asText()).isEqualTo("DEGRADED");
            assertThat(status.at("/upstream/retryAfterSeconds").asLong()).isEqualTo(2);
            assertThat(status.get("modeCause").asText())
                    .isEqualTo("cloud busy, retry after 2 s (upstream answered 503); buffering locally");

            cloud.faults(FaultPlan.none());
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().get("mode").asText().equals("ONLINE"));
            assertThat(api.status().at("/upstream/trouble").isNull()).isTrue();
            assertThat(cloud.store().acceptedCount()).isEqualTo(1);
        } finally {
            cloud.close();
        }
    }

    /** Polls the node's status on its own thread and keeps each change of mode, as a console would see it. */
    private static final class ModeWatch implements AutoCloseable {
        private final List<String> modes = new CopyOnWriteArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicBoolean eta = new AtomicBoolean();
        private final Thread thread;

        ModeWatch(NodeClient api) {
            thread = Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    JsonNode s;
                    try {
                        s = api.status();
                    } catch (RuntimeException slowOrBusy) {
                        // A missed poll is not a mode; the next one will tell.
                        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                        continue;
                    }
                    String mode = s.get("mode").asText();
                    if (modes.isEmpty() || !modes.get(modes.size() - 1).equals(mode)) {
                        modes.add(mode);
                    }
                    if (mode.equals("DRAINING")) {
                        for (JsonNode lane : s.get("lanes")) {
                            if (lane.get("backlog").asLong() > 0 && lane.path("drainEtaMs").isNumber()) {
                                eta.set(true);
                            }
                        }
                    }
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll interval, not synchronisation
                }
            });
        }

        String last() {
            return modes.isEmpty() ? "" : modes.get(modes.size() - 1);
        }

        List<String> sequence() {
            return new ArrayList<>(modes);
        }

        boolean etaSeenWhileDraining() {
            return eta.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(Duration.ofSeconds(10));
        }
    }
}
