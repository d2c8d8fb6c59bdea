package holdfast.simulator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.simulator.cloud.CloudStore;
import holdfast.simulator.cloud.FaultPlan;
import holdfast.simulator.cloud.LaneLedger;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.support.ChildEdge;
import holdfast.simulator.support.Ingest;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.Readings;
import holdfast.simulator.support.SyncNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore drill, with the packaged node in child JVMs and the reference cloud on loopback: a backup taken
 * while events keep arriving, more events (some synced) after it, the node killed, its data dir given up, the
 * backup restored by the real {@code RestoreMain} into a fresh one. Every event acknowledged before the backup
 * is back, the node resumes syncing from the restored cursors, and the cloud ends with each key exactly once. The
 * restored node starts into an outage and takes new events at once; once the cloud answers, each lane goes on above
 * the highest laneSeq the cloud holds (the old node's, after the backup), so no laneSeq is ever used twice.
 */
class BackupRestoreIT {

    private static final Path JAR = Path.of("..", "edge-node", "target", "holdfast-edge-node.jar").toAbsolutePath()
            .normalize();

    @TempDir
    Path tmp;

    @Test
    void eventsAckedBeforeTheBackupSurviveRestoreAndSyncResumesWithoutDoubling() throws Exception {
        try (ReferenceCloud cloud = ReferenceCloud.start(0, tmp.resolve("cloud"), SyncNodes.CLOUD_TOKEN)) {
            Map<String, String> env = Map.of(
                    "HOLDFAST_NODE_ID", "edge-drill",
                    "HOLDFAST_UPSTREAM_URL", cloud.url(),
                    "HOLDFAST_UPSTREAM_TOKEN", SyncNodes.CLOUD_TOKEN,
                    "HOLDFAST_CONFIG_UPSTREAM__BACKOFF_MAX_MS", "300",
                    "HOLDFAST_CONFIG_UPSTREAM__BREAKER_DELAY_MS", "300",
                    "HOLDFAST_CONFIG_UPSTREAM__DRAIN_MAX_EVENTS_PER_SECOND", "0",
                    "HOLDFAST_CONFIG_BACKUP__DIR", tmp.resolve("backups").toString(),
                    "HOLDFAST_CONFIG_LANES__RULES__0__NAME", "bulk-backfill",
                    "HOLDFAST_CONFIG_LANES__RULES__0__DEVICE_PREFIX", "bulk-",
                    "HOLDFAST_CONFIG_LANES__RULES__0__LANE", "batch");
            Map<String, String> acked = new ConcurrentHashMap<>(); // idempotency key -> event id
            Map<String, String> ackedBeforeBackup;
            JsonNode backup;
            try (ChildEdge node = ChildEdge.start(tmp.resolve("node"), env)) {
                NodeClient api = node.api();
                // Synced before the backup: the copied cursors are past 0.
                acked.putAll(Ingest.post(api, 4, List.of(new Ingest.Stream("crit", 100, "critical"),
                        new Ingest.Stream("std", 100, null), new Ingest.Stream("bulk", 100, null))));
                await().atMost(Duration.ofSeconds(60)).until(() -> cloud.store().acceptedCount() == 300);

                // The cloud goes away: what arrives now is in the backup but not synced when it is taken.
                cloud.faults(FaultPlan.of(FaultPlan.Mode.UNAVAILABLE));
                AtomicBoolean stop = new AtomicBoolean();
                try (ExecutorService senders = Executors.newFixedThreadPool(3)) {
                    List<Future<?>> running = new ArrayList<>();
                    for (String prefix : List.of("crit", "std", "bulk")) {
                        running.add(senders.submit(() -> postUntil(api, prefix + "-live", stop, acked)));
                    }
                    await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= 450);
                    ackedBeforeBackup = new HashMap<>(acked); // every 202 received before the request is sent
                    NodeClient.Response r = api.post("/api/v1/backup", NodeClient.ADMIN_TOKEN, "{\"label\":\"drill\"}");
                    assertThat(r.status()).as(r.body()).isEqualTo(201);
                    backup = r.json();
                    int afterBackup = acked.size();
                    await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= afterBackup + 60);
                    stop.set(true);
                    for (Future<?> f : running) {
                        f.get();
                    }
                }
                // After the backup the cloud returns and the old node syncs everything, the post-backup events too.
                cloud.faults(FaultPlan.none());
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                        node.api().status().get("lanes").findValues("backlog").stream().allMatch(b -> b.asLong() == 0));
                node.kill9(); // the disk is "lost": the old data dir is never used again
            }
            assertThat(cloud.store().acceptedCount()).isEqualTo(acked.size());
            long duplicatesBefore = cloud.store().duplicateCount();

            JsonNode manifest = backup.get("manifest");
            long bytes = 0;
            for (JsonNode f : manifest.get("files")) {
                bytes += f.get("size").asLong();
            }
            System.out.println("BackupRestoreIT: backup of " + ackedBeforeBackup.size() + "+ events under live ingest took "
                    + manifest.get("durationMs").asLong() + " ms, " + bytes + " bytes (apparent size; journals are sparse)");
            long unsyncedInBackup = 0;
            for (var lane : manifest.get("lanes").properties()) {
                JsonNode mark = lane.getValue();
                assertThat(mark.get("syncedSeq").asLong()).as(lane.getKey() + " cursor not ahead of its journal")
                        .isLessThanOrEqualTo(mark.get("lastSeq").asLong());
                unsyncedInBackup += mark.get("lastSeq").asLong() - mark.get("syncedSeq").asLong();
            }
            assertThat(unsyncedInBackup).as("events in the backup that the cloud had not answered yet").isPositive();
            assertThat(manifest.get("files").findValuesAsText("path")).as("the control journal is in the backup")
                    .anyMatch(p -> p.startsWith("control/"));

            Path restored = tmp.resolve("restored");
            Process restore = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    JAR.toString(), "holdfast.edge.backup.RestoreMain", "--from", backup.get("path").asText(),
                    "--data-dir", restored.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("restore.log").toFile()).start();
            assertThat(restore.waitFor()).as(Files.readString(tmp.resolve("restore.log"))).isZero();
            assertThat(Files.readString(tmp.resolve("restore.log"))).contains("Restored backup");
            assertThat(restored.resolve("control")).isDirectoryContaining(f -> f.getFileName().toString().endsWith(".cq4"));

            // The laneSeqs the old node used after the backup are the cloud's now: the restored node must go on above.
            Map<String, Long> cloudHighest = new HashMap<>();
            for (String lane : List.of("critical", "standard", "batch")) {
                cloudHighest.put(lane, cloud.ledger().report("edge-drill", lane).highestSeq());
                assertThat(cloudHighest.get(lane)).as(lane + ": the old node synced events after the backup")
                        .isGreaterThan(manifest.get("lanes").get(lane).get("lastSeq").asLong());
            }
            Map<String, String> restoredNew = new HashMap<>();
            List<Map<String, String>> newRounds = new ArrayList<>();
            cloud.faults(FaultPlan.of(FaultPlan.Mode.UNAVAILABLE)); // the restored node starts into an outage
            try (ChildEdge node = ChildEdge.start(restored, env)) {
                NodeClient api = node.api();
                // Ingest does not wait for the cloud: events are acknowledged and held until it tells its laneSeqs.
                newRounds.add(Ingest.post(api, 3, List.of(new Ingest.Stream("crit-out", 5, "critical"),
                        new Ingest.Stream("std-out", 5, null), new Ingest.Stream("bulk-out", 5, null))));
                cloud.faults(FaultPlan.none());
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                        api.status().get("lanes").findValues("backlog").stream().allMatch(b -> b.asLong() == 0));
                newRounds.add(Ingest.post(api, 3, List.of(new Ingest.Stream("crit-new", 5, "critical"),
                        new Ingest.Stream("std-new", 5, null), new Ingest.Stream("bulk-new", 5, null))));
                newRounds.forEach(restoredNew::putAll);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        api.status().get("lanes").findValues("backlog").stream().allMatch(b -> b.asLong() == 0));
                for (JsonNode lane : api.status().get("lanes")) {
                    String name = lane.get("name").asText();
                    assertThat(lane.get("appended").asLong()).as(name + ": the node's count goes on from the cloud's")
                            .isEqualTo(cloud.ledger().report("edge-drill", name).highestSeq());
                }
                // Each event acknowledged before the backup is back, under its original event id.
                for (Map.Entry<String, String> e : ackedBeforeBackup.entrySet()) {
                    String[] key = e.getKey().split(":"); // http:{deviceId}:{messageId}
                    NodeClient.Response again = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                            Readings.reading(key[1], key[2], "ICU-1", null));
                    assertThat(again.status()).as(e.getKey() + " " + again.body()).isEqualTo(200);
                    assertThat(again.json().get("eventId").asText()).isEqualTo(e.getValue());
                }
            }
            // Sync resumed from the restored cursors: what the cloud already had was answered "duplicate" and
            // counted once; only the restored node's new events were accepted, and no key is there twice.
            assertThat(cloud.store().duplicateCount() - duplicatesBefore).isGreaterThanOrEqualTo(unsyncedInBackup);
            Map<String, String> expected = new HashMap<>(acked);
            expected.putAll(restoredNew);
            assertThat(cloud.store().acceptedCount()).isEqualTo(expected.size());
            List<CloudStore.AcceptedEvent> observations = cloud.store().accepted("observation");
            Map<String, String> inCloud = observations.stream()
                    .collect(Collectors.toMap(CloudStore.AcceptedEvent::idempotencyKey, CloudStore.AcceptedEvent::eventId));
            assertThat(inCloud).isEqualTo(expected);
            // No laneSeq the cloud held was handed to another event: the new ones follow the cloud's highest, those
            // acknowledged during the outage first, in order, and the lanes have no gap.
            assertThat(cloud.store().reusedLaneSeqs()).as("laneSeqs used for two events").isEmpty();
            Map<String, Long> seqOf = observations.stream()
                    .collect(Collectors.toMap(CloudStore.AcceptedEvent::idempotencyKey, CloudStore.AcceptedEvent::laneSeq));
            Map<String, String> laneOf = observations.stream()
                    .collect(Collectors.toMap(CloudStore.AcceptedEvent::idempotencyKey, CloudStore.AcceptedEvent::lane));
            for (String lane : List.of("critical", "standard", "batch")) {
                List<Long> outage = seqs(newRounds.get(0), seqOf, laneOf, lane);
                List<Long> later = seqs(newRounds.get(1), seqOf, laneOf, lane);
                assertThat(outage).as(lane).hasSize(5).allMatch(seq -> seq > cloudHighest.get(lane));
                assertThat(later).as(lane).hasSize(5).allMatch(seq -> seq > outage.getLast());
            }
            for (LaneLedger.Report r : cloud.ledger().reports()) {
                assertThat(r.gaps()).as(r.lane() + " gaps").isZero();
            }
        }
    }

    private static List<Long> seqs(Map<String, String> round, Map<String, Long> seqOf, Map<String, String> laneOf,
                                   String lane) {
        return round.keySet().stream().filter(k -> lane.equals(laneOf.get(k))).map(seqOf::get).sorted().toList();
    }

    private static Void postUntil(NodeClient api, String prefix, AtomicBoolean stop, Map<String, String> acked) {
        String lanePriority = prefix.startsWith("crit") ? "critical" : null;
        String device = prefix.startsWith("bulk") ? "bulk-live" : prefix;
        for (int i = 0; !stop.get(); i++) {
            String message = prefix + "-m" + i;
            NodeClient.Response r = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                    Readings.reading(device, message, "ICU-" + (i % 8), lanePriority));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            acked.put("http:" + device + ":" + message, r.json().get("eventId").asText());
        }
        return null;
    }
}
