package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HL7 message answered AR while its lane refused events is taken in later by reprocessing its dead letter. */
class Hl7ReprocessIT {

    private static final byte[] ADT = ("MSH|^~\\&|ADT|GENHOSP|HOLDFAST|EDGE|20261123081000||ADT^A01|RP-1|P|2.5\r"
            + "EVN|A01|20261123081000\rPID|1||PAT-700\rPV1|1|I|ICU^701^A\r").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path data;

    @Test
    void controlIdReusedWithDifferentContentStaysRefusedWhenReprocessed() throws Exception {
        byte[] original = adt("RP-2", "PAT-702");
        byte[] reused = adt("RP-2", "PAT-999");
        try (TestNode node = TestNode.start(data);
             MllpTestClient mllp = new MllpTestClient(node.node().mllpPort())) {
            assertThat(MllpTestClient.msa(mllp.exchange(original), 1)).isEqualTo("AA");
            assertThat(MllpTestClient.msa(mllp.exchange(reused), 1)).isEqualTo("AE");
            ApiClient api = node.api();
            long id = api.get("/api/v1/dead-letters?status=open", TestNode.ADMIN_TOKEN).json().get("items").get(0)
                    .get("id").asLong();
            ApiClient.Response again = api.post("/api/v1/dead-letters/" + id + "/reprocess", TestNode.ADMIN_TOKEN,
                    "{\"reason\":\"try once more\"}");
            assertThat(again.status()).as(again.body()).isEqualTo(422);
            assertThat(again.json().get("detail").asText()).contains(Hl7Ingest.REUSED);
            assertThat(api.status(TestNode.ADMIN_TOKEN).get("lanes").get(1).get("appended").asLong()).isEqualTo(1);
            assertThat(api.status(TestNode.ADMIN_TOKEN).get("deadLetters").get("open").asLong()).isEqualTo(1);
        }
    }

    private static byte[] adt(String controlId, String patient) {
        return ("MSH|^~\\&|ADT|GENHOSP|HOLDFAST|EDGE|20261123081000||ADT^A01|" + controlId + "|P|2.5\r"
                + "EVN|A01|20261123081000\rPID|1||" + patient + "\rPV1|1|I|ICU^701^A\r")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void messageRefusedUnderBackPressureIsJournaledWhenReprocessedAfterwards() throws Exception {
        // A watermark no disk can meet: the standard lane refuses, so the ADT is dead-lettered and answered AR.
        try (TestNode node = TestNode.start(data, Map.of("disk.standard-min-free-mb", "1000000000",
                "disk.batch-min-free-mb", "1000000000"));
             MllpTestClient mllp = new MllpTestClient(node.node().mllpPort())) {
            assertThat(MllpTestClient.msa(mllp.exchange(ADT), 1)).isEqualTo("AR");
        }
        try (TestNode node = TestNode.start(data)) {
            ApiClient api = node.api();
            JsonNode letter = api.get("/api/v1/dead-letters?status=open", TestNode.ADMIN_TOKEN).json().get("items")
                    .get(0);
            assertThat(letter.get("channel").asText()).isEqualTo("hl7");
            String path = "/api/v1/dead-letters/" + letter.get("id").asLong() + "/reprocess";

            ApiClient.Response done = api.post(path, TestNode.ADMIN_TOKEN, "{\"reason\":\"disk space freed\"}");
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            assertThat(done.json().get("status").asText()).isEqualTo("reprocessed");
            assertThat(api.status(TestNode.ADMIN_TOKEN).get("lanes").get(1).get("appended").asLong()).isEqualTo(1);

            // The sender's own resend now finds the same event: AA, nothing journaled twice.
            try (MllpTestClient mllp = new MllpTestClient(node.node().mllpPort())) {
                assertThat(MllpTestClient.msa(mllp.exchange(ADT), 1)).isEqualTo("AA");
            }
            assertThat(api.status(TestNode.ADMIN_TOKEN).get("lanes").get(1).get("appended").asLong()).isEqualTo(1);
        }
    }
}
