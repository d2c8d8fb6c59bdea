package holdfast.simulator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.EdgeNode;
import holdfast.simulator.cloud.CloudStore;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.Readings;
import holdfast.simulator.support.SyncNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud's census disagrees with the node: conflicts and a rejection open reconciliations; each resolve
 * action sends the right follow-up upstream (correction / void with causationId, the same event again for
 * resend, nothing for accept), and the API guards its inputs and states.
 */
class ReconciliationIT {

    @TempDir
    Path tmp;

    @Test
    void eachResolveActionSendsTheRightFollowUpUpstream() {
        try (ReferenceCloud cloud = ReferenceCloud.start(0, tmp.resolve("cloud"), SyncNodes.CLOUD_TOKEN);
             EdgeNode node = SyncNodes.start(tmp.resolve("node"), cloud.url(), Map.of())) {
            cloud.census(Map.of("ICU-3", "P777"), List.of("mon-"));
            NodeClient api = new NodeClient(node.httpPort());
            Map<String, String> eventByDevice = new HashMap<>();
            for (String device : List.of("mon-1", "mon-2", "mon-3", "mon-4", "zz-9")) {
                NodeClient.Response r = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                        Readings.reading(device, "m-1", device.startsWith("zz") ? "ICU-5" : "ICU-3", null));
                assertThat(r.status()).isEqualTo(202);
                eventByDevice.put(device, r.json().get("eventId").asText());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().at("/reconciliations/open").asLong() == 5);

            String viewer = api.token("viewer", "ward-screen");
            String operator = api.token("operator", "night-operator");
            JsonNode items = api.get("/api/v1/reconciliations?status=open", viewer).json().get("items");
            assertThat(items).hasSize(5);
            Map<String, JsonNode> byDevice = new HashMap<>();
            items.forEach(i -> byDevice.put(i.at("/subject/deviceId").asText(), i));
            JsonNode rejected = byDevice.get("zz-9");
            assertThat(rejected.get("verdict").asText()).isEqualTo("rejected");
            assertThat(rejected.get("reason").asText()).isEqualTo("unknown device zz-9");
            JsonNode conflict = byDevice.get("mon-1");
            assertThat(conflict.get("verdict").asText()).isEqualTo("conflict");
            assertThat(conflict.at("/cloud/patientId").asText()).isEqualTo("P777");
            assertThat(conflict.get("status").asText()).isEqualTo("open");
            assertThat(conflict.get("eventId").asText()).isEqualTo(eventByDevice.get("mon-1"));
            assertThat(conflict.get("lane").asText()).isEqualTo("standard");
            assertThat(conflict.has("openedAt")).isTrue();

            long reattribute = byDevice.get("mon-1").get("id").asLong();
            long voided = byDevice.get("mon-2").get("id").asLong();
            long accepted = byDevice.get("mon-3").get("id").asLong();
            long resent = byDevice.get("mon-4").get("id").asLong();

            // Guards: role, reason, unknown id, body.
            assertThat(resolve(api, viewer, accepted, "{\"action\":\"accept\",\"reason\":\"x\"}").status()).isEqualTo(403);
            assertThat(resolve(api, operator, accepted, "{\"action\":\"accept\"}").status()).isEqualTo(400);
            assertThat(resolve(api, operator, accepted, "{\"action\":\"reattribute\",\"reason\":\"x\"}").status())
                    .isEqualTo(400);
            assertThat(resolve(api, operator, 999_999, "{\"action\":\"accept\",\"reason\":\"x\"}").status()).isEqualTo(404);

            NodeClient.Response r = resolve(api, operator, reattribute,
                    "{\"action\":\"reattribute\",\"reason\":\"monitor moved with the patient\",\"patientId\":\"P777\","
                            + "\"encounterId\":\"E1\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            String correctionId = r.json().at("/reconciliation/followUpEventId").asText();
            assertThat(resolve(api, operator, voided, "{\"action\":\"void\",\"reason\":\"test pattern\"}").status())
                    .isEqualTo(200);
            assertThat(resolve(api, operator, accepted, "{\"action\":\"accept\",\"reason\":\"cloud is right\"}")
                    .json().at("/reconciliation/followUpEventId").isNull()).isTrue();
            cloud.census(Map.of(), List.of("mon-")); // the cloud's census is fixed: a resend is judged afresh
            assertThat(resolve(api, operator, resent, "{\"action\":\"resend\",\"reason\":\"census fixed\"}").status())
                    .isEqualTo(200);
            assertThat(resolve(api, operator, accepted, "{\"action\":\"accept\",\"reason\":\"again\"}").status())
                    .isEqualTo(409);

            await().atMost(Duration.ofSeconds(20)).until(() -> cloud.store().receivedCount(eventByDevice.get("mon-4")) == 1
                    && !cloud.store().accepted("void").isEmpty() && !cloud.store().accepted("correction").isEmpty());

            CloudStore.AcceptedEvent correction = cloud.store().accepted("correction").get(0);
            assertThat(correction.eventId()).isEqualTo(correctionId);
            assertThat(correction.causationId()).isEqualTo(eventByDevice.get("mon-1"));
            assertThat(correction.patientId()).isEqualTo("P777");
            assertThat(correction.lane()).isEqualTo("standard");
            assertThat(correction.idempotencyKey()).isEqualTo("reconcile:" + reattribute);
            CloudStore.AcceptedEvent voidEvent = cloud.store().accepted("void").get(0);
            assertThat(voidEvent.causationId()).isEqualTo(eventByDevice.get("mon-2"));
            assertThat(voidEvent.idempotencyKey()).isEqualTo("reconcile:" + voided);
            assertThat(cloud.store().accepted(null)).noneMatch(e -> eventByDevice.get("mon-3").equals(e.causationId()));
            Optional<CloudStore.AcceptedEvent> resentEvent = cloud.store().accepted(null).stream()
                    .filter(e -> e.eventId().equals(eventByDevice.get("mon-4"))).findFirst();
            assertThat(resentEvent).isPresent();
            assertThat(resentEvent.get().laneSeq()).isEqualTo(byDevice.get("mon-4").get("laneSeq").asLong());

            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/reconciliations/" + resent, viewer)
                    .json().at("/resends/0/verdict").asText("").equals("accepted"));
            JsonNode detail = api.get("/api/v1/reconciliations/" + resent, viewer).json();
            assertThat(detail.at("/reconciliation/status").asText()).isEqualTo("resolved");
            assertThat(detail.at("/reconciliation/resolution").asText()).isEqualTo("resend");
            assertThat(detail.at("/reconciliation/resolvedBy").asText()).isEqualTo("night-operator");
            assertThat(detail.get("history").findValuesAsText("action")).containsExactly("opened", "resolved:resend");
            assertThat(api.status().at("/reconciliations/open").asLong()).isEqualTo(1);
            assertThat(api.get("/api/v1/reconciliations?status=resolved", viewer).json().get("items")).hasSize(4);
        }
    }

    @Test
    void aCensusStormIsOneGroupResolvedAtOnceWithEachItemAuditedAndSentAgain() {
        try (ReferenceCloud cloud = ReferenceCloud.start(0, tmp.resolve("cloud"), SyncNodes.CLOUD_TOKEN);
             EdgeNode node = SyncNodes.start(tmp.resolve("node"), cloud.url(), Map.of())) {
            cloud.census(Map.of("ICU-3", "P777"), List.of("mon-"));
            NodeClient api = new NodeClient(node.httpPort());
            for (int i = 0; i < 20; i++) {
                assertThat(api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                        Readings.reading("mon-1", "storm-" + i, "ICU-3", null)).status()).isEqualTo(202);
            }
            assertThat(api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                    Readings.reading("zz-9", "m-1", "ICU-5", null)).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> api.status().at("/reconciliations/open").asLong() == 21);

            String viewer = api.token("viewer", "ward-screen");
            String operator = api.token("operator", "night-operator");
            JsonNode grouped = api.get("/api/v1/reconciliations/groups", viewer).json();
            assertThat(grouped.get("truncated").asBoolean()).isFalse();
            JsonNode groups = grouped.get("groups");
            assertThat(groups).hasSize(2);
            JsonNode storm = groups.get(0);
            assertThat(storm.get("count").asInt()).isEqualTo(20);
            assertThat(storm.get("verdict").asText()).isEqualTo("conflict");
            assertThat(storm.get("bed").asText()).isEqualTo("ICU-3");
            assertThat(storm.get("reason").asText()).isEqualTo("bed ICU-3 held patient P777 at {time}");
            assertThat(storm.get("ids")).hasSize(20);
            assertThat(groups.get(1).get("verdict").asText()).isEqualTo("rejected");
            assertThat(groups.get(1).get("count").asInt()).isEqualTo(1);

            List<Long> ids = new java.util.ArrayList<>();
            storm.get("ids").forEach(id -> ids.add(id.asLong()));
            String body = "{\"ids\":" + ids.toString().replace(" ", "").replace("]", ",999999]")
                    + ",\"action\":\"resend\",\"reason\":\"census corrected for ICU-3\"}";
            assertThat(api.post("/api/v1/reconciliations/resolve", viewer, body).status()).isEqualTo(403);
            assertThat(api.post("/api/v1/reconciliations/resolve", operator,
                    "{\"ids\":[" + ids.get(0) + "],\"action\":\"resend\"}").status()).isEqualTo(400);
            assertThat(api.post("/api/v1/reconciliations/resolve", operator,
                    "{\"ids\":[],\"action\":\"resend\",\"reason\":\"x\"}").status()).isEqualTo(400);
            assertThat(resolve(api, operator, ids.get(0), "{\"action\":\"accept\",\"reason\":\"one by hand\"}")
                    .status()).isEqualTo(200);

            cloud.census(Map.of(), List.of("mon-"));
            NodeClient.Response bulk = api.post("/api/v1/reconciliations/resolve", operator, body);
            assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
            assertThat(bulk.json().get("resolved").asInt()).isEqualTo(19);
            assertThat(bulk.json().get("failed").asInt()).isEqualTo(2);
            Map<Long, String> outcomes = new HashMap<>();
            bulk.json().get("results").forEach(r -> outcomes.put(r.get("id").asLong(), r.get("outcome").asText()));
            assertThat(outcomes).containsEntry(ids.get(0), "not-open").containsEntry(999_999L, "not-found")
                    .containsEntry(ids.get(19), "resolved").hasSize(21);

            assertThat(api.status().at("/reconciliations/open").asLong()).isEqualTo(1);
            JsonNode audit = api.get("/api/v1/audit?limit=1000", NodeClient.ADMIN_TOKEN).json().get("items");
            List<String> resentTargets = new java.util.ArrayList<>();
            audit.forEach(a -> {
                if (a.get("action").asText().equals("reconciliation.resolve.resend")) {
                    assertThat(a.get("reason").asText()).isEqualTo("census corrected for ICU-3");
                    assertThat(a.get("actor").asText()).isEqualTo("night-operator");
                    resentTargets.add(a.get("target").asText());
                }
            });
            assertThat(resentTargets).hasSize(19).doesNotHaveDuplicates();
            await().atMost(Duration.ofSeconds(20)).until(() -> ids.subList(1, 20).stream().allMatch(id ->
                    api.get("/api/v1/reconciliations/" + id, viewer).json()
                            .at("/resends/0/verdict").asText("").equals("accepted")));
            assertThat(api.status().at("/reconciliations/open").asLong())
                    .as("the resent readings are accepted, not disputed again").isEqualTo(1);
        }
    }

    private static NodeClient.Response resolve(NodeClient api, String token, long id, String body) {
        return api.post("/api/v1/reconciliations/" + id + "/resolve", token, body);
    }
}
