package holdfast.edge.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.ApiClient;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One clinical fact, one event, both ways round: a device reading (HTTP) and an ORU OBX with the same
 * device (OBX-18), code and observation time are the same fact. Both are journaled; the later one carries
 * {@code payload.sameFactAs} = the earlier one's event id. A partial overlap is not a duplicate. Observation
 * times are relative to now, so the test means the same whatever day it runs.
 */
class Hl7SameFactIT {

    private static final DateTimeFormatter HL7_TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'+0000'")
            .withZone(ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void theSecondArrivalOfAFactIsLinkedToTheFirstWhicheverChannelCameFirst() {
        Path data = tmp.resolve("node");
        String httpFirstId;
        try (TestNode node = TestNode.start(data);
             MllpTestClient mllp = new MllpTestClient(node.node().mllpPort())) {
            ApiClient api = node.api();
            // Device first, then HL7.
            ApiClient.Response reading = api.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    reading("mon-21", "m-1", now.minusSeconds(300), 72));
            assertThat(reading.status()).isEqualTo(202);
            httpFirstId = reading.json().get("eventId").asText();
            assertThat(MllpTestClient.msa(mllp.exchange(oru("F-1", "mon-21", now.minusSeconds(300), 72, false)), 1)).isEqualTo("AA");
            // HL7 first, then the device.
            assertThat(MllpTestClient.msa(mllp.exchange(oru("F-2", "mon-22", now.minusSeconds(240), 80, false)), 1)).isEqualTo("AA");
            assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    reading("mon-22", "m-2", now.minusSeconds(240), 80)).status()).isEqualTo(202);
            // Partial overlap: the ORU carries one more observation than the reading had.
            assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    reading("mon-23", "m-3", now.minusSeconds(180), 90)).status()).isEqualTo(202);
            assertThat(MllpTestClient.msa(mllp.exchange(oru("F-3", "mon-23", now.minusSeconds(180), 90, true)), 1)).isEqualTo("AA");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        List<EventEnvelope> events = JournalScan.all(data);
        EventEnvelope hl7AfterHttp = byKey(events, "hl7:LAB:GENHOSP:F-1");
        assertThat(hl7AfterHttp.payload().path("sameFactAs").asText()).isEqualTo(httpFirstId);
        EventEnvelope hl7First = byKey(events, "hl7:LAB:GENHOSP:F-2");
        assertThat(hl7First.payload().has("sameFactAs")).isFalse();
        EventEnvelope httpAfterHl7 = byKey(events, "http:mon-22:m-2");
        assertThat(httpAfterHl7.payload().path("sameFactAs").asText()).isEqualTo(hl7First.eventId());
        assertThat(byKey(events, "hl7:LAB:GENHOSP:F-3").payload().has("sameFactAs")).isFalse();
        assertThat(byKey(events, "http:mon-21:m-1").payload().has("sameFactAs")).isFalse();
    }

    @Test
    void anOruBackfilledDaysLaterIsStillLinkedToTheReadingOfTheSameMoment() {
        Path data = tmp.resolve("node");
        Instant threeDaysAgo = now.minus(3, ChronoUnit.DAYS);
        String readingId;
        try (TestNode node = TestNode.start(data);
             MllpTestClient mllp = new MllpTestClient(node.node().mllpPort())) {
            ApiClient.Response reading = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    reading("mon-31", "m-31", threeDaysAgo, 64));
            assertThat(reading.status()).isEqualTo(202);
            readingId = reading.json().get("eventId").asText();
            assertThat(MllpTestClient.msa(mllp.exchange(oru("B-1", "mon-31", threeDaysAgo, 64, false)), 1))
                    .isEqualTo("AA");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        EventEnvelope backfilled = byKey(JournalScan.all(data), "hl7:LAB:GENHOSP:B-1");
        assertThat(backfilled.payload().path("sameFactAs").asText()).isEqualTo(readingId);
    }

    private static EventEnvelope byKey(List<EventEnvelope> events, String key) {
        return events.stream().filter(e -> e.idempotencyKey().equals(key)).findFirst().orElseThrow(
                () -> new AssertionError("no event " + key));
    }

    private static String reading(String device, String messageId, Instant observedAt, int value) {
        return """
                {"messageId":"%s","deviceId":"%s","observedAt":"%s",
                 "observations":[{"code":"8867-4","system":"http://loinc.org","value":%d,"unit":"/min"}]}
                """.formatted(messageId, device, observedAt, value);
    }

    private byte[] oru(String controlId, String device, Instant observedAt, int value, boolean extra) {
        String at = HL7_TS.format(observedAt);
        String obx = "OBX|1|NM|8867-4^Heart rate^LN||" + value + "|/min|||||F|||" + at + "||||" + device + "\r";
        if (extra) {
            obx += "OBX|2|NM|59408-5^SpO2^LN||97|%|||||F|||" + at + "||||" + device + "\r";
        }
        return ("MSH|^~\\&|LAB|GENHOSP|HOLDFAST|EDGE|" + HL7_TS.format(now) + "||ORU^R01|" + controlId + "|P|2.5\r"
                + "PID|1||PAT-300\rOBR|1||O-" + controlId + "|VITALS|||" + at + "\r" + obx)
                .getBytes(StandardCharsets.US_ASCII);
    }
}
