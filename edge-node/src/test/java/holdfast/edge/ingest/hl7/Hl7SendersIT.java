package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.MutableClock;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import holdfast.edge.support.TestTimes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ward IT administrator asks the node who sends HL7, driven by real MLLP senders: each sending application and
 * facility with its connections, last message and answers per ACK code; a configured sender never heard from is
 * listed {@code never}; a lab that goes quiet past its interval is counted on the status and raises the operator
 * alert {@code sender-silent}, which clears once it sends again (all on the node's clock).
 */
class Hl7SendersIT {

    @TempDir
    Path data;

    @Test
    void aLabThatGoesQuietIsListedSilentRaisesSenderSilentAndClearsWhenItSendsAgain() throws Exception {
        MutableClock clock = new MutableClock(Readings.OBSERVED_AT);
        Map<String, String> config = Map.of(
                "senders.expected.0.application", "LAB", "senders.expected.0.facility", "GENHOSP",
                "senders.expected.0.seconds", "60",
                "senders.expected.1.application", "PHARM", "senders.expected.1.seconds", "600",
                "senders.min-silence-seconds", "0",
                "ops.min-duration-seconds", "0", "ops.clear-after-seconds", "0", "ops.check-interval-ms", "100");
        try (TestNode node = TestNode.start(data, config, clock)) {
            ApiClient api = node.api();
            int port = node.node().mllpPort();
            try (MllpTestClient lab = new MllpTestClient(port)) {
                for (int i = 0; i < 3; i++) {
                    assertThat(MllpTestClient.msa(lab.exchange(oru("LAB", "S-" + i)), 1)).isEqualTo("AA");
                }
                assertThat(MllpTestClient.msa(lab.exchange(oru("LAB", "")), 1)).as("no MSH-10").isEqualTo("AE");
                JsonNode listed = senders(api, "");
                JsonNode labRow = sender(listed, "LAB");
                assertThat(labRow.get("facility").asText()).isEqualTo("GENHOSP");
                assertThat(labRow.get("connections").asInt()).isEqualTo(1);
                assertThat(labRow.get("acks").get("AA").asLong()).isEqualTo(3);
                assertThat(labRow.get("acks").get("AE").asLong()).isEqualTo(1);
                assertThat(labRow.get("lastErrorCode").asText()).isEqualTo("missing-field");
                assertThat(labRow.get("lastMessageAt").asText()).isEqualTo(clock.instant().toString());
                assertThat(labRow.get("state").asText()).isEqualTo("ok");
                assertThat(sender(listed, "PHARM").get("state").asText()).isEqualTo("never");
                assertThat(listed.get("counts").get("never").asInt()).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sender(senders(api, ""), "LAB").get("connections").asInt() == 0);
            assertThat(api.get("/observe/metrics", null).body())
                    .contains("holdfast_hl7_senders{state=\"never\"} 1")
                    .contains("holdfast_hl7_acks{ack=\"AA\"} 3")
                    .contains("holdfast_hl7_acks{ack=\"AE\"} 1");

            clock.advance(Duration.ofSeconds(181)); // three of its 60 s intervals, and a second
            JsonNode silent = senders(api, "?state=silent");
            assertThat(silent.get("items")).singleElement()
                    .satisfies(s -> assertThat(s.get("application").asText()).isEqualTo("LAB"));
            assertThat(api.status(TestNode.ADMIN_TOKEN).get("attention").get("sendersSilent").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> openSenderSilent(api) != null);
            JsonNode alert = openSenderSilent(api);
            assertThat(alert.get("cause").asText()).contains("LAB^GENHOSP");
            assertThat(alert.get("runbook").asText()).isEqualTo("silent-sender.md");
            assertThat(api.post("/api/v1/operator-alerts/" + alert.get("id").asLong() + "/ack", TestNode.ADMIN_TOKEN,
                    "{\"reason\":\"lab interface engine restarting\"}").status()).isEqualTo(200);
            assertThat(api.get("/api/v1/audit", TestNode.ADMIN_TOKEN).body())
                    .contains("sender-silent: lab interface engine restarting");

            try (MllpTestClient lab = new MllpTestClient(port)) {
                assertThat(MllpTestClient.msa(lab.exchange(oru("LAB", "S-back")), 1)).isEqualTo("AA");
            }
            assertThat(sender(senders(api, ""), "LAB").get("state").asText()).isEqualTo("ok");
            await().atMost(Duration.ofSeconds(20)).until(() -> openSenderSilent(api) == null);
            assertThat(api.get("/api/v1/senders?state=asleep", TestNode.ADMIN_TOKEN).status()).isEqualTo(400);
        }
    }

    private static JsonNode openSenderSilent(ApiClient api) {
        for (JsonNode a : api.get("/api/v1/operator-alerts?status=open", TestNode.ADMIN_TOKEN).json().get("items")) {
            if (a.get("condition").asText().equals("sender-silent")) {
                return a;
            }
        }
        return null;
    }

    private static byte[] oru(String application, String controlId) {
        return ("MSH|^~\\&|" + application + "|GENHOSP|HOLDFAST|EDGE|" + TestTimes.HL7_DAY + "081000||ORU^R01|"
                + controlId + "|P|2.5\rPID|1||PAT-S1^^^GENHOSP^MR\rPV1|1|I|ICU-3\rOBR|1||O-" + controlId
                + "|PANEL|||" + TestTimes.HL7_DAY + "080000+0000\rOBX|1|NM|8867-4^HR^LN||72|/min|||||F\r")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static JsonNode senders(ApiClient api, String query) {
        ApiClient.Response r = api.get("/api/v1/senders" + query, TestNode.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode sender(JsonNode listed, String application) {
        for (JsonNode s : listed.get("items")) {
            if (s.get("application").asText().equals(application)) {
                return s;
            }
        }
        throw new AssertionError("no sender " + application + " in " + listed);
    }
}
