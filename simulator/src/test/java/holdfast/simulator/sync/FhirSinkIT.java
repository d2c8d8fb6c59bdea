package holdfast.simulator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.EdgeNode;
import holdfast.simulator.fhir.FhirServer;
import holdfast.simulator.hl7.Hl7Messages;
import holdfast.simulator.support.ChildEdge;
import holdfast.simulator.support.FhirQueries;
import holdfast.simulator.support.Ingest;
import holdfast.simulator.support.Mllp;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.Readings;
import holdfast.simulator.support.SyncNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FHIR R4 upstream against a real HAPI FHIR JPA server (child JVM, loopback, started once for the class):
 * events ingested through the node's real doors become resources once, whatever is resent; every acknowledged
 * event is on the server exactly once across a kill -9 mid-drain; a refused entry and an unknown patient open
 * reconciliations without holding up the rest of their batch; a correction amends the original resource.
 */
class FhirSinkIT {

    private static final int PER_LANE = 80;
    /** Before the readings' observedAt (a minute ago), so the census places the patient in the bed by then. */
    private static final Instant ADMITTED = Readings.OBSERVED_AT.minusSeconds(120);

    private static Path serverDir;
    private static FhirServer server;
    private static FhirQueries fhir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        serverDir = Files.createTempDirectory("holdfast-fhir-it");
        server = FhirServer.start(serverDir);
        fhir = new FhirQueries(server.base());
        // The site's own master data: the census ids P1/E1 are these resources' identifiers.
        fhir.put("Patient", "pat-1", "{\"resourceType\":\"Patient\",\"id\":\"pat-1\",\"identifier\":[{\"system\":"
                + "\"urn:holdfast:patient-id\",\"value\":\"P1\"}]}");
        fhir.put("Encounter", "enc-1", "{\"resourceType\":\"Encounter\",\"id\":\"enc-1\",\"status\":\"in-progress\","
                + "\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"IMP\"},"
                + "\"identifier\":[{\"system\":\"urn:holdfast:encounter-id\",\"value\":\"E1\"}],"
                + "\"subject\":{\"reference\":\"Patient/pat-1\"}}");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        try (var paths = Files.walk(serverDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void readingsResultsAndAdmissionsBecomeResourcesOnceAndAReplayChangesNothing() throws Exception {
        int documentsBefore = fhir.countsByEvent("DocumentReference").size();
        try (EdgeNode node = SyncNodes.start(tmp.resolve("node"), server.upstreamUrl(), Map.of("node.id", "edge-fhir"))) {
            NodeClient api = new NodeClient(node.httpPort());
            assertThat(Mllp.send(node.mllpPort(), Hl7Messages.adt("A01", "ADT-1", "P1", "E1", "ICU^^3", ADMITTED)))
                    .isEqualTo("AA");
            NodeClient.Response r = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                    Readings.reading("mon-1", "m-1", "ICU-3", null));
            assertThat(r.status()).isEqualTo(202);
            String reading = r.json().get("eventId").asText();
            assertThat(Mllp.send(node.mllpPort(), Hl7Messages.oru("ORU-1", "P1", true, Readings.OBSERVED_AT)))
                    .isEqualTo("AA");
            // The HH potassium and a heart rate of 190 (default rule: above 140 /min) raise the node's own alerts,
            // journaled in the critical lane: each becomes a Flag on the patient.
            assertThat(api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN, Readings.reading("mon-1", "m-2",
                    "ICU-3", null).replace("\"value\":72", "\"value\":190")).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    fhir.search("Flag?subject=Patient/pat-1").path("total").asInt() == 2);
            awaitDrained(api);
            JsonNode flags = fhir.search("Flag?subject=Patient/pat-1");
            assertThat(flags.findValues("status")).extracting(JsonNode::asText).containsOnly("active");
            assertThat(flags.findValuesAsText("text")).anyMatch(t -> t.contains("8867-4"))
                    .anyMatch(t -> t.contains("2823-3"));

            JsonNode obs = fhir.read("Observation", "hf-" + reading + "-o0");
            assertThat(obs).isNotNull();
            assertThat(fhir.count("Observation", reading)).isEqualTo(1);
            assertThat(obs.at("/code/coding/0/code").asText()).isEqualTo("8867-4");
            assertThat(obs.at("/valueQuantity/value").asDouble()).isEqualTo(72.0);
            assertThat(obs.at("/valueQuantity/system").asText()).isEqualTo("http://unitsofmeasure.org");
            assertThat(obs.at("/valueQuantity/code").asText()).isEqualTo("/min");
            assertThat(obs.at("/subject/reference").asText()).isEqualTo("Patient/pat-1");
            assertThat(obs.at("/encounter/reference").asText()).isEqualTo("Encounter/enc-1");
            assertThat(obs.at("/device/display").asText()).isEqualTo("mon-1");
            assertThat(obs.at("/effectiveDateTime").asText()).isNotBlank();

            JsonNode reports = fhir.search("DiagnosticReport?subject=Patient/pat-1");
            assertThat(reports.path("total").asInt()).isEqualTo(1);
            JsonNode report = reports.at("/entry/0/resource");
            String oru = report.at("/identifier/0/value").asText();
            assertThat(fhir.count("DiagnosticReport", oru)).isEqualTo(1);
            assertThat(fhir.count("Observation", oru)).isEqualTo(1);
            JsonNode potassium = fhir.read("Observation", report.at("/result/0/reference").asText().substring(12));
            assertThat(potassium.at("/code/coding/0/system").asText()).isEqualTo("http://loinc.org");
            assertThat(potassium.at("/valueQuantity/value").asDouble()).isEqualTo(7.1);
            assertThat(potassium.at("/interpretation/0/coding/0/code").asText()).isEqualTo("HH");

            Map<String, Integer> documents = fhir.countsByEvent("DocumentReference");
            assertThat(documents).hasSize(documentsBefore + 1).allSatisfy((event, n) -> assertThat(n).isEqualTo(1));

            // Replay every lane from its start: the same PUTs again reach the server and change nothing there.
            long posts = fhir.posts();
            int replays = 0;
            for (JsonNode lane : api.status().get("lanes")) {
                long synced = lane.get("synced").asLong();
                if (synced > 0) {
                    NodeClient.Response replay = api.post("/api/v1/lanes/" + lane.get("name").asText() + "/replay",
                            NodeClient.ADMIN_TOKEN, "{\"fromSeq\":1,\"toSeq\":" + synced + "}");
                    assertThat(replay.status()).as(replay.body()).isEqualTo(202);
                    replays++;
                }
            }
            long expected = posts + replays;
            await().atMost(Duration.ofSeconds(30)).until(() -> fhir.posts() >= expected);
            assertThat(fhir.count("Observation", reading)).isEqualTo(1);
            assertThat(fhir.count("Observation", oru)).isEqualTo(1);
            assertThat(fhir.count("DiagnosticReport", oru)).isEqualTo(1);
            assertThat(fhir.countsByEvent("DocumentReference")).isEqualTo(documents);
            assertThat(fhir.read("Observation", "hf-" + reading + "-o0").at("/meta/versionId").asText())
                    .as("a resend is a no-op update").isEqualTo("1");
        }
    }

    @Test
    void everyAcknowledgedEventIsOnTheServerExactlyOnceAcrossKillNineDuringDrain() throws Exception {
        Path data = tmp.resolve("node");
        Map<String, String> ids;
        // The backlog builds up while the node has no upstream (as during an outage), so the drain is all ahead.
        try (EdgeNode buffering = SyncNodes.start(data, "", Map.of("node.id", "edge-fhir-crash"))) {
            ids = Ingest.post(new NodeClient(buffering.httpPort()), 4, List.of(
                    new Ingest.Stream("fcrit", PER_LANE, "critical"), new Ingest.Stream("fstd", PER_LANE, null),
                    new Ingest.Stream("bulk-f", PER_LANE, null)));
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "HOLDFAST_NODE_ID", "edge-fhir-crash",
                "HOLDFAST_UPSTREAM_URL", server.upstreamUrl(),
                "HOLDFAST_CONFIG_UPSTREAM__BATCH_MAX_EVENTS", "20",
                "HOLDFAST_CONFIG_UPSTREAM__BACKOFF_MAX_MS", "300",
                "HOLDFAST_CONFIG_LANES__RULES__0__NAME", "bulk-backfill",
                "HOLDFAST_CONFIG_LANES__RULES__0__DEVICE_PREFIX", "bulk-",
                "HOLDFAST_CONFIG_LANES__RULES__0__LANE", "batch"));
        Map<String, String> capped = new HashMap<>(env);
        capped.put("HOLDFAST_CONFIG_UPSTREAM__DRAIN_MAX_EVENTS_PER_SECOND", "40");
        ChildEdge draining = ChildEdge.start(data, capped);
        try {
            NodeClient api = draining.api();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                    api.status().get("lanes").findValues("synced").stream().mapToLong(JsonNode::asLong).sum() >= 40);
        } finally {
            draining.kill9();
        }
        Map<String, Integer> beforeRestart = fhir.countsByEvent("Observation");
        assertThat(ids.values().stream().filter(beforeRestart::containsKey).count())
                .as("the kill landed mid-drain").isLessThan(ids.size());

        try (ChildEdge restarted = ChildEdge.start(data, env)) {
            awaitDrained(restarted.api());
        }
        Map<String, Integer> onServer = fhir.countsByEvent("Observation");
        List<String> missingOrDoubled = new ArrayList<>();
        for (String eventId : ids.values()) {
            if (onServer.getOrDefault(eventId, 0) != 1) {
                missingOrDoubled.add(eventId + "=" + onServer.getOrDefault(eventId, 0));
            }
        }
        assertThat(missingOrDoubled).as("every acknowledged event once").isEmpty();
    }

    @Test
    void aRefusedEntryAndAnUnknownPatientOpenReconciliationsAndACorrectionAmendsTheOriginal() throws Exception {
        Path data = tmp.resolve("node");
        Map<String, String> ids = new HashMap<>();
        try (EdgeNode buffering = SyncNodes.start(data, "", Map.of("node.id", "edge-fhir-disputes"))) {
            NodeClient api = new NodeClient(buffering.httpPort());
            // P404 is admitted at the edge but the FHIR server has never heard of that patient.
            assertThat(Mllp.send(buffering.mllpPort(), Hl7Messages.adt("A01", "ADT-404", "P404", "E404", "ICU^^5",
                    ADMITTED))).isEqualTo("AA");
            ids.put("unknown-patient", post(api, Readings.reading("mon-5", "m-1", "ICU-5", null)));
            ids.put("refused", post(api, Readings.reading("mon-6", "m-1", "ICU-6", null)
                    .replace("8867-4", "refused-by-site")));
            ids.put("good-1", post(api, Readings.reading("mon-7", "m-1", "ICU-7", null)));
            ids.put("good-2", post(api, Readings.reading("mon-8", "m-1", "ICU-8", null)));
        }
        try (EdgeNode node = SyncNodes.start(data, server.upstreamUrl(), Map.of("node.id", "edge-fhir-disputes"))) {
            NodeClient api = new NodeClient(node.httpPort());
            awaitDrained(api);
            assertThat(api.status().at("/reconciliations/open").asLong()).isEqualTo(2);
            assertThat(fhir.count("Observation", ids.get("good-1"))).isEqualTo(1);
            assertThat(fhir.count("Observation", ids.get("good-2"))).isEqualTo(1);
            assertThat(fhir.count("Observation", ids.get("refused"))).isZero();
            assertThat(fhir.count("Observation", ids.get("unknown-patient"))).isZero();

            JsonNode conflict = null;
            for (JsonNode item : api.get("/api/v1/reconciliations?status=open", NodeClient.ADMIN_TOKEN).json()
                    .get("items")) {
                if (item.get("eventId").asText().equals(ids.get("unknown-patient"))) {
                    conflict = item;
                    assertThat(item.get("verdict").asText()).isEqualTo("conflict");
                    assertThat(item.get("reason").asText()).contains("Patient?identifier=").contains("No resources match");
                } else {
                    assertThat(item.get("eventId").asText()).isEqualTo(ids.get("refused"));
                    assertThat(item.get("verdict").asText()).isEqualTo("rejected");
                    assertThat(item.get("reason").asText()).contains("422").contains("Site rule");
                }
            }
            assertThat(conflict).isNotNull();

            NodeClient.Response r = api.post("/api/v1/reconciliations/" + conflict.get("id").asText() + "/resolve",
                    NodeClient.ADMIN_TOKEN, "{\"action\":\"reattribute\",\"reason\":\"monitor moved with the patient\","
                            + "\"patientId\":\"P1\",\"encounterId\":\"E1\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            String correction = r.json().at("/reconciliation/followUpEventId").asText();
            String id = "hf-" + ids.get("unknown-patient") + "-o0";
            await().atMost(Duration.ofSeconds(30)).until(() -> fhir.read("Observation", id) != null);
            JsonNode amended = fhir.read("Observation", id);
            assertThat(amended.get("status").asText()).isEqualTo("amended");
            assertThat(amended.at("/subject/reference").asText()).isEqualTo("Patient/pat-1");
            assertThat(amended.at("/encounter/reference").asText()).isEqualTo("Encounter/enc-1");
            assertThat(amended.get("identifier").findValuesAsText("value"))
                    .containsExactly(ids.get("unknown-patient"), correction);
            assertThat(fhir.count("Observation", ids.get("unknown-patient"))).isEqualTo(1);
            assertThat(fhir.count("Observation", correction)).isEqualTo(1);
            awaitDrained(api);
            assertThat(api.status().at("/reconciliations/open").asLong()).isEqualTo(1);
        }
    }

    private static String post(NodeClient api, String reading) {
        NodeClient.Response r = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN, reading);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("eventId").asText();
    }

    private static void awaitDrained(NodeClient api) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                api.status().get("lanes").findValues("backlog").stream().allMatch(b -> b.asLong() == 0));
    }
}
