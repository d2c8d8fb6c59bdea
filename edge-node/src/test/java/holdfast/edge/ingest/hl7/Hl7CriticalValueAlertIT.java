package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.TestNode;
import holdfast.edge.support.TestTimes;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A critical lab value raises a local alert on the ward while the cloud is away, exactly as a device reading
 * does: flagged results (OBX-8 HH/LL/AA) whether numeric or not, and numeric results that meet the device
 * rules. The patient's bed comes from PV1, or from the census when the lab's message has none.
 */
class Hl7CriticalValueAlertIT {

    @TempDir
    Path data;

    @Test
    void criticalLabValuesRaiseLocalAlertsWithTheCloudAway() {
        try (TestNode node = TestNode.start(data, Map.of("upstream.url", "http://127.0.0.1:1", "upstream.token", "t"));
             MllpTestClient mllp = new MllpTestClient(node.node().mllpPort())) {
            ApiClient api = node.api();
            // The census places P-500 in ICU-7 (the blood-culture result below names no bed).
            assertThat(MllpTestClient.msa(mllp.exchange(bytes(
                    adt("ADT-1", "P-500", "ICU^^7", "070000"))), 1)).isEqualTo("AA");
            // Potassium 6.9 flagged HH, in a bed named by PV1; a normal sodium beside it raises nothing.
            assertThat(MllpTestClient.msa(mllp.exchange(bytes(oru("L-1", "P-400", "PV1|1|I|ICU^^5\r",
                    "OBX|1|NM|2823-3^Potassium^LN||6.9|mmol/L|3.5-5.1|HH|||F|||" + TestTimes.HL7_DAY + "080000+0000\r"
                    + "OBX|2|NM|2951-2^Sodium^LN||140|mmol/L|135-145|N|||F|||" + TestTimes.HL7_DAY
                    + "080000+0000\r"))), 1)).isEqualTo("AA");
            // A text result flagged AA, with no PV1.
            assertThat(MllpTestClient.msa(mllp.exchange(bytes(oru("L-2", "P-500", "",
                    "OBX|1|ST|600-7^Blood culture^LN||POSITIVE gram-negative rods||NEG|AA|||F|||" + TestTimes.HL7_DAY
                    + "090000+0000\r"))), 1)).isEqualTo("AA");
            // An unflagged heart rate of 150 /min meets the device rule heart-rate-high.
            assertThat(MllpTestClient.msa(mllp.exchange(bytes(oru("L-3", "P-400", "PV1|1|I|ICU^^5\r",
                    "OBX|1|NM|8867-4^Heart rate^LN||150|/min|||||F|||" + TestTimes.HL7_DAY + "081000+0000\r"))), 1))
                    .isEqualTo("AA");
            // The same potassium result again (a corrected resend under a new control id) folds into the open alert.
            assertThat(MllpTestClient.msa(mllp.exchange(bytes(oru("L-4", "P-400", "PV1|1|I|ICU^^5\r",
                    "OBX|1|NM|2823-3^Potassium^LN||7.1|mmol/L|3.5-5.1|HH|||F|||" + TestTimes.HL7_DAY
                    + "081500+0000\r"))), 1)).isEqualTo("AA");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(open(api)).hasSize(3);
                assertThat(byRule(api, "lab-critical-HH").get("occurrences").asInt()).isEqualTo(2);
            });
            JsonNode potassium = byRule(api, "lab-critical-HH");
            assertThat(potassium.get("code").asText()).isEqualTo("2823-3");
            assertThat(potassium.get("value").asDouble()).isEqualTo(7.1);
            assertThat(potassium.get("unit").asText()).isEqualTo("mmol/L");
            assertThat(potassium.get("bed").asText()).isEqualTo("ICU-5");
            assertThat(potassium.get("patientId").asText()).isEqualTo("P-400");
            assertThat(potassium.get("level").asInt()).isEqualTo(1);

            JsonNode culture = byRule(api, "lab-critical-AA");
            assertThat(culture.get("value").isNull()).isTrue();
            assertThat(culture.get("valueText").asText()).isEqualTo("POSITIVE gram-negative rods");
            assertThat(culture.get("bed").asText()).isEqualTo("ICU-7");
            assertThat(culture.get("ward").asText()).isEqualTo("ICU");

            JsonNode attention = api.status(TestNode.ADMIN_TOKEN).get("attention");
            assertThat(attention.get("alertsOpen").asLong()).as("open alerts on the status, for the banner")
                    .isEqualTo(3);
            JsonNode heartRate = byRule(api, "heart-rate-high");
            assertThat(heartRate.get("value").asDouble()).isEqualTo(150.0);
            assertThat(heartRate.get("bed").asText()).isEqualTo("ICU-5");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        List<EventEnvelope> alertEvents = JournalScan.all(data).stream().filter(e -> e.kind() == EventKind.ALERT)
                .toList();
        assertThat(alertEvents).extracting(e -> e.payload().path("rule").asText())
                .containsExactlyInAnyOrder("lab-critical-HH", "lab-critical-AA", "heart-rate-high");
        assertThat(alertEvents).allSatisfy(e -> assertThat(e.lane().name()).isEqualTo("CRITICAL"));
    }

    private static List<JsonNode> open(ApiClient api) {
        JsonNode items = api.get("/api/v1/alerts?status=open", TestNode.ADMIN_TOKEN).json().get("items");
        return StreamSupport.stream(items.spliterator(), false).toList();
    }

    private static JsonNode byRule(ApiClient api, String rule) {
        return open(api).stream().filter(a -> a.get("rule").asText().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no open alert " + rule + " in " + open(api)));
    }

    private static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.US_ASCII);
    }

    private static String oru(String controlId, String patient, String pv1, String obx) {
        return "MSH|^~\\&|LAB|GENHOSP|HOLDFAST|EDGE|" + TestTimes.HL7_DAY + "081000||ORU^R01|" + controlId + "|P|2.5\r"
                + "PID|1||" + patient + "^^^GENHOSP^MR\r" + pv1 + "OBR|1||O-" + controlId + "|PANEL|||"
                + TestTimes.HL7_DAY + "080000+0000\r" + obx;
    }

    private static String adt(String controlId, String patient, String location, String hhmmss) {
        String time = TestTimes.HL7_DAY + hhmmss + "+0000";
        return "MSH|^~\\&|ADT|GENHOSP|HOLDFAST|EDGE|" + time + "||ADT^A01|" + controlId + "|P|2.5\r"
                + "EVN|A01|" + time + "\rPID|1||" + patient + "^^^GENHOSP^MR||TESTPATIENT^LAB\r"
                + "PV1|1|I|" + location + "||||||||||||||||ENC-" + patient + "\r";
    }
}
