package holdfast.simulator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.EdgeNode;
import holdfast.simulator.kafka.KafkaBroker;
import holdfast.simulator.support.ChildEdge;
import holdfast.simulator.support.Ingest;
import holdfast.simulator.support.KafkaTopic;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.Readings;
import holdfast.simulator.support.SyncNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka upstream against a real broker (KRaft, loopback, started once for the class): exactly once across a
 * kill -9 of the node mid-drain, as a platform's {@code read_committed} consumer sees it; verdicts from the
 * platform open reconciliations once; a resend goes out again although Kafka already holds the event.
 */
class KafkaSinkIT {

    private static final int PER_LANE = 400;
    private static final String EVENTS = "holdfast-events";

    private static Path brokerDir;
    private static KafkaBroker broker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        brokerDir = Files.createTempDirectory("holdfast-kafka-it");
        broker = KafkaBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        try (var paths = Files.walk(brokerDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyAcknowledgedEventIsInKafkaExactlyOnceAndInLaneOrderAcrossKillNineDuringDrain() throws Exception {
        String nodeId = "edge-kafka-crash";
        Map<String, String> env = Map.of(
                "HOLDFAST_NODE_ID", nodeId,
                "HOLDFAST_UPSTREAM_URL", broker.url(),
                "HOLDFAST_CONFIG_UPSTREAM__BATCH_MAX_EVENTS", "50",
                "HOLDFAST_CONFIG_UPSTREAM__BACKOFF_MAX_MS", "300",
                "HOLDFAST_CONFIG_LANES__RULES__0__NAME", "bulk-backfill",
                "HOLDFAST_CONFIG_LANES__RULES__0__DEVICE_PREFIX", "bulk-",
                "HOLDFAST_CONFIG_LANES__RULES__0__LANE", "batch");
        Path data = tmp.resolve("node");
        Map<String, String> ids;
        // The backlog builds up while the node has no upstream (as during an outage), so the drain is all ahead.
        try (EdgeNode buffering = SyncNodes.start(data, "", Map.of("node.id", nodeId))) {
            ids = Ingest.post(new NodeClient(buffering.httpPort()), 6, List.of(
                    new Ingest.Stream("crit", PER_LANE, "critical"), new Ingest.Stream("std", PER_LANE, null),
                    new Ingest.Stream("bulk", PER_LANE, null)));
        }
        // Slow enough that the kill lands mid-drain, with transactions committing all the while.
        Map<String, String> capped = new HashMap<>(env);
        capped.put("HOLDFAST_CONFIG_UPSTREAM__DRAIN_MAX_EVENTS_PER_SECOND", "50");
        ChildEdge draining = ChildEdge.start(data, capped);
        try {
            NodeClient api = draining.api();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                    api.status().get("lanes").findValues("synced").stream().mapToLong(JsonNode::asLong).sum() >= 200);
        } finally {
            draining.kill9();
        }
        assertThat(eventsOf(nodeId).size()).as("the kill landed mid-drain").isLessThan(ids.size());

        try (ChildEdge restarted = ChildEdge.start(data, env)) {
            NodeClient api = restarted.api();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    api.status().get("lanes").findValues("backlog").stream().allMatch(b -> b.asLong() == 0));
        }
        List<KafkaTopic.Seen> seen = eventsOf(nodeId);
        assertThat(seen).extracting(KafkaTopic.Seen::eventId).doesNotHaveDuplicates();
        assertThat(seen.stream().map(KafkaTopic.Seen::eventId).collect(Collectors.toSet()))
                .isEqualTo(new HashSet<>(ids.values()));
        Map<String, List<Long>> seqsByKey = new HashMap<>();
        for (KafkaTopic.Seen s : seen) {
            assertThat(s.key()).isEqualTo(nodeId + ":" + s.headers().get("lane"));
            assertThat(s.headers()).containsKeys("idempotencyKey", "kind", "nodeId");
            assertThat(s.value()).contains("\"eventId\":\"" + s.eventId() + "\"");
            seqsByKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s.laneSeq());
        }
        assertThat(seqsByKey).hasSize(3);
        seqsByKey.forEach((key, seqs) -> {
            List<Long> expected = new ArrayList<>();
            for (long i = 1; i <= PER_LANE; i++) {
                expected.add(i);
            }
            assertThat(seqs).as(key + ": contiguous, in order, once").isEqualTo(expected);
        });
    }

    @Test
    void platformVerdictsOpenReconciliationsOnceAndAResendGoesOutAgain() throws Exception {
        String nodeId = "edge-kafka-verdicts";
        Map<String, String> overrides = Map.of("node.id", nodeId);
        try (EdgeNode node = SyncNodes.start(tmp.resolve("node"), broker.url(), overrides)) {
            NodeClient api = new NodeClient(node.httpPort());
            Map<String, String> keys = new HashMap<>();
            for (String device : List.of("mon-1", "mon-2")) {
                NodeClient.Response r = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                        Readings.reading(device, "m-1", "ICU-3", null));
                assertThat(r.status()).isEqualTo(202);
                keys.put(r.json().get("eventId").asText(), "http:" + device + ":m-1");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(nodeId).size() == 2);

            List<String> eventIds = new ArrayList<>(keys.keySet());
            String first = verdict(nodeId, eventIds.get(0), keys.get(eventIds.get(0)), "conflict");
            KafkaTopic.publish(broker.bootstrap(), "holdfast-verdicts", nodeId, first);
            KafkaTopic.publish(broker.bootstrap(), "holdfast-verdicts", nodeId, first); // delivered twice
            KafkaTopic.publish(broker.bootstrap(), "holdfast-verdicts", "another-node",
                    verdict("another-node", eventIds.get(1), keys.get(eventIds.get(1)), "rejected"));
            KafkaTopic.publish(broker.bootstrap(), "holdfast-verdicts", nodeId,
                    verdict(nodeId, eventIds.get(1), keys.get(eventIds.get(1)), "rejected"));
            await().atMost(Duration.ofSeconds(30)).until(() -> api.status().at("/reconciliations/open").asLong() == 2);

            JsonNode items = api.get("/api/v1/reconciliations?status=open", NodeClient.ADMIN_TOKEN).json().get("items");
            assertThat(items).hasSize(2);
            JsonNode conflict = null;
            for (JsonNode i : items) {
                if (i.get("eventId").asText().equals(eventIds.get(0))) {
                    conflict = i;
                }
            }
            assertThat(conflict).isNotNull();
            assertThat(conflict.get("verdict").asText()).isEqualTo("conflict");
            assertThat(conflict.get("reason").asText()).isEqualTo("bed ICU-3 held patient P777");
            assertThat(conflict.at("/cloud/patientId").asText()).isEqualTo("P777");

            NodeClient.Response resolved = api.post("/api/v1/reconciliations/" + conflict.get("id").asText()
                    + "/resolve", NodeClient.ADMIN_TOKEN, "{\"action\":\"resend\",\"reason\":\"census fixed\"}");
            assertThat(resolved.status()).as(resolved.body()).isBetween(200, 299);
            await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(nodeId).stream()
                    .filter(s -> s.eventId().equals(eventIds.get(0))).count() == 2);
        }
    }

    @Test
    void aJournalThatIsNotTheOneKafkaHoldsStopsTheLaneInsteadOfSkippingItsEvents() throws Exception {
        String nodeId = "edge-kafka-reused-id";
        try (EdgeNode first = SyncNodes.start(tmp.resolve("first"), broker.url(), Map.of("node.id", nodeId))) {
            NodeClient api = new NodeClient(first.httpPort());
            for (int i = 0; i < 2; i++) {
                assertThat(api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                        Readings.reading("mon-1", "first-" + i, "ICU-3", null)).status()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(nodeId).size() == 2);
        }
        // Another data dir under the same node id: its laneSeqs 1-2 are other events than Kafka's 1-2.
        try (EdgeNode second = SyncNodes.start(tmp.resolve("second"), broker.url(), Map.of("node.id", nodeId))) {
            NodeClient api = new NodeClient(second.httpPort());
            for (int i = 0; i < 2; i++) {
                assertThat(api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                        Readings.reading("mon-1", "second-" + i, "ICU-3", null)).status()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> api.status().at("/upstream/state").asText()
                    .equals("UNAUTHORIZED"));
            assertThat(api.status().at("/upstream/lastError").asText()).contains("this node's journal has");
        }
        assertThat(eventsOf(nodeId)).hasSize(2);
    }

    private static String verdict(String nodeId, String eventId, String key, String status) {
        return "{\"nodeId\":\"" + nodeId + "\",\"eventId\":\"" + eventId + "\",\"idempotencyKey\":\"" + key
                + "\",\"status\":\"" + status + "\",\"reason\":\"bed ICU-3 held patient P777\","
                + "\"cloud\":{\"patientId\":\"P777\"}}";
    }

    private static List<KafkaTopic.Seen> eventsOf(String nodeId) {
        return KafkaTopic.readCommitted(broker.bootstrap(), EVENTS, Duration.ofSeconds(20)).stream()
                .filter(s -> nodeId.equals(s.headers().get("nodeId"))).toList();
    }
}
