package holdfast.edge.census;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.MutableClock;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The census from ADT over a real MLLP socket: the census API answers who was in a bed at a time, device
 * readings over HTTP are enriched with the patient who occupied their bed at observedAt, and the census
 * survives a restart (rebuilt from the journals) and an explicit rebuild.
 */
class CensusEnrichmentIT {

    @TempDir
    Path tmp;

    @Test
    void readingsAreEnrichedWithTheOccupantAtObservedAtAndTheCensusIsRebuiltFromTheJournals() throws Exception {
        Path data = tmp.resolve("node");
        String admitP100 = adt("A01", "C-1", "P-100", "ICU^^3", "20261123070000+0000");
        String transferP100 = adt("A02", "C-2", "P-100", "ICU^^4", "20261123090000+0000");
        String admitP200 = adt("A01", "C-3", "P-200", "ICU^^3", "20261123100000+0000");
        try (TestNode node = TestNode.start(data, Map.of(), censusDay())) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.node().mllpPort())) {
                socket.setSoTimeout(20_000);
                for (String message : List.of(admitP100, transferP100, admitP200)) {
                    assertThat(exchange(socket, message)).contains("MSA|AA|");
                }
            }
            ApiClient api = node.api();
            assertThat(post(api, "r-0800", "08:00:00")).isEqualTo(202);
            assertThat(post(api, "r-0930", "09:30:00")).isEqualTo(202);
            assertThat(post(api, "r-1030", "10:30:00")).isEqualTo(202);

            assertThat(occupant(api, "ICU-3", "08:00:00").get("patientId").asText()).isEqualTo("P-100");
            assertThat(occupant(api, "ICU-3", "08:00:00").get("encounterId").asText()).isEqualTo("ENC-P-100");
            assertThat(occupant(api, "ICU-3", "09:30:00").isNull()).isTrue();
            assertThat(occupant(api, "ICU-4", "09:30:00").get("patientId").asText()).isEqualTo("P-100");
            JsonNode rebuilt = api.post("/api/v1/census/rebuild", TestNode.ADMIN_TOKEN, "").json();
            assertThat(rebuilt.get("changes").asInt()).isEqualTo(3);
            assertThat(occupant(api, "ICU-3", "10:30:00").get("patientId").asText()).isEqualTo("P-200");
            assertThat(api.get("/api/v1/census?bed=ICU-3", null).status()).isEqualTo(401);
            assertThat(api.get("/api/v1/census", TestNode.ADMIN_TOKEN).status()).isEqualTo(400);
        }
        try (TestNode restarted = TestNode.start(data, Map.of(), censusDay())) {
            assertThat(occupant(restarted.api(), "ICU-3", "08:00:00").get("patientId").asText()).isEqualTo("P-100");
        }

        Map<String, EventEnvelope> readings = JournalScan.all(data).stream()
                .filter(e -> e.idempotencyKey().startsWith("http:"))
                .collect(java.util.stream.Collectors.toMap(e -> e.source().messageId(), e -> e));
        assertThat(readings.get("r-0800").subject().patientId()).isEqualTo("P-100");
        assertThat(readings.get("r-0800").subject().encounterId()).isEqualTo("ENC-P-100");
        assertThat(readings.get("r-0930").subject().patientId()).isNull();
        assertThat(readings.get("r-1030").subject().patientId()).isEqualTo("P-200");
    }

    /** The node's clock on the day of the fixtures' ADT and readings, so nothing here depends on today. */
    private static MutableClock censusDay() {
        return new MutableClock(Instant.parse("2026-11-23T11:00:00Z"));
    }

    private static JsonNode occupant(ApiClient api, String bed, String time) {
        ApiClient.Response r = api.get("/api/v1/census?bed=" + bed + "&at=2026-11-23T" + time + "Z", TestNode.ADMIN_TOKEN);
        assertThat(r.status()).isEqualTo(200);
        return r.json().get("occupant");
    }

    private static int post(ApiClient api, String messageId, String time) {
        return api.post("/api/v1/observations", TestNode.ADMIN_TOKEN, """
                {"messageId":"%s","deviceId":"mon-census","bed":"ICU-3","observedAt":"2026-11-23T%s.000Z",
                 "observations":[{"code":"8867-4","system":"http://loinc.org","value":72,"unit":"/min"}]}
                """.formatted(messageId, time)).status();
    }

    static String adt(String trigger, String controlId, String patient, String location, String time) {
        return "MSH|^~\\&|ADT|GENHOSP|HOLDFAST|EDGE|" + time + "||ADT^" + trigger + "|" + controlId + "|P|2.5\r"
                + "EVN|" + trigger + "|" + time + "\rPID|1||" + patient + "^^^GENHOSP^MR||TESTPATIENT^CENSUS\r"
                + "PV1|1|I|" + location + "||||||||||||||||ENC-" + patient + "\r";
    }

    static String exchange(Socket socket, String message) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(0x0B);
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {0x1C, 0x0D});
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder ack = new StringBuilder();
        int b = in.read();
        while ((b = in.read()) != 0x1C && b != -1) {
            ack.append((char) b);
        }
        in.read();
        return ack.toString();
    }
}
