package holdfast.edge.ingest.hl7;

import static holdfast.edge.ingest.hl7.MllpTestClient.msa;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.idempotency.ContentHash;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HL7 corpus ({@code src/test/resources/hl7}, table {@code corpus.tsv}) through a real MLLP socket, in
 * order, on one connection: the ACK code of each message, the lane of each new event, exactly one event per
 * key for resends, and a dead letter with its context for every AE/AR. Plus the size limit, MSH-15 NE, one
 * message per frame (a second MSH or a batch is refused whole, in words that say so), an ORU with one sloppy
 * value journaled whole in its critical lane, and a refused frame sent again counted on its first dead letter.
 */
class Hl7CorpusIT {

    private static final int LIMIT = 64 * 1024;

    @TempDir
    Path tmp;

    record Row(String file, String ack, String lane, byte[] bytes) {
        String controlId() {
            RawMsh msh = RawMsh.sniff(bytes);
            return msh == null ? null : msh.first(10);
        }
    }

    @Test
    void everyCorpusMessageGetsItsExpectedAckLaneAndDeadLetter() throws Exception {
        List<Row> rows = corpus();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(30);
        Path data = tmp.resolve("node");
        Map<String, String> eventLanes = new HashMap<>();
        List<Row> refused = new ArrayList<>();
        Map<String, String> acks = new HashMap<>();
        try (TestNode node = TestNode.start(data, Map.of("mllp.max-message-bytes", String.valueOf(LIMIT)));
             MllpTestClient client = new MllpTestClient(node.node().mllpPort())) {
            for (Row row : rows) {
                String ack = client.exchange(row.bytes());
                assertThat(ack).as(row.file()).isNotNull();
                acks.put(row.file(), ack);
                assertThat(msa(ack, 1)).as(row.file() + " MSA-1").isEqualTo(row.ack());
                String controlId = row.controlId();
                assertThat(msa(ack, 2)).as(row.file() + " MSA-2").isEqualTo(controlId == null ? "" : controlId);
                if (row.lane().equals("-")) {
                    assertThat(msa(ack, 3)).as(row.file() + " MSA-3 error text").isNotBlank();
                    refused.add(row);
                }
            }
            byte[] huge = oversized();
            String ack = client.exchange(huge);
            assertThat(msa(ack, 1)).isEqualTo("AR");
            assertThat(msa(ack, 2)).isEqualTo("BIG-0001");
            refused.add(new Row("oversized", "AR", "-", huge));

            // MSH-15 NE: no answer at all; the next message's ACK is the next thing on the wire.
            client.send(message("ADT^A08", "NE-0001", "|||NE|NE"));
            String next = client.exchange(message("ADT^A08", "NE-0002", ""));
            assertThat(msa(next, 2)).isEqualTo("NE-0002");

            assertThat(msa(acks.get("two_messages_one_frame.hl7"), 3)).contains("more than one message")
                    .contains("one message per frame");
            assertThat(msa(acks.get("batch_fhs_bhs.hl7"), 3)).contains("batch (FHS/BHS) is not accepted");
            assertThat(msa(acks.get("oru_94_obx_one_sloppy_value_v251.hl7"), 3))
                    .as("AA says what was kept with an error, naming the OBX by its Set ID")
                    .contains("OBX-5 of the OBX with Set ID 41 is not a number");

            // The sender resends what it was refused, twice: no second dead letter, the first one counts them.
            byte[] garbage = resource("garbage.hl7");
            assertThat(msa(client.exchange(garbage), 1)).isEqualTo("AR");
            assertThat(msa(client.exchange(garbage), 1)).isEqualTo("AR");

            JsonNode items = node.api().get("/api/v1/dead-letters?limit=1000", TestNode.ADMIN_TOKEN).json().get("items");
            Map<String, JsonNode> bySha = new HashMap<>();
            items.forEach(i -> bySha.put(i.get("payloadSha256").asText(), i));
            assertThat(items).hasSize(refused.size());
            for (Row row : refused) {
                byte[] kept = row.file().equals("oversized") ? java.util.Arrays.copyOf(row.bytes(), LIMIT) : row.bytes();
                JsonNode letter = bySha.get(ContentHash.of(kept));
                assertThat(letter).as("dead letter of " + row.file()).isNotNull();
                assertThat(letter.get("channel").asText()).isEqualTo("hl7");
                assertThat(letter.get("error").asText()).as(row.file()).isNotBlank();
                assertThat(letter.get("correlationId").asText()).isNotBlank();
                assertThat(letter.get("payloadSize").asInt()).isEqualTo(row.bytes().length);
                String controlId = row.controlId();
                if (controlId != null && controlId.length() > 199) {
                    assertThat(letter.get("idempotencyKey").isNull()).as("a key too long to be one").isTrue();
                } else if (controlId != null && !controlId.isEmpty()) {
                    assertThat(letter.get("idempotencyKey").asText()).endsWith(":" + controlId);
                }
            }
            assertThat(bySha.get(ContentHash.of(java.util.Arrays.copyOf(huge, LIMIT))).get("truncated").asBoolean())
                    .isTrue();
            JsonNode repeated = bySha.get(ContentHash.of(garbage));
            assertThat(repeated.get("repeats").asInt()).as("resends of garbage.hl7").isEqualTo(2);
            assertThat(repeated.get("lastSeenAt").isNull()).isFalse();
            assertThat(bySha.get(ContentHash.of(resource("empty.hl7"))).get("repeats").asInt()).isZero();
        }

        List<EventEnvelope> events = JournalScan.all(data);
        Map<String, Long> perKey = new HashMap<>();
        events.forEach(e -> perKey.merge(e.idempotencyKey(), 1L, Long::sum));
        assertThat(perKey.values()).as("one event per key").allMatch(n -> n == 1);
        events.forEach(e -> eventLanes.put(e.idempotencyKey(), e.lane().wireName()));
        for (Row row : rows) {
            String key = Hl7Events.key("LAB", "GENHOSP", row.controlId());
            switch (row.lane()) {
                case "-", "dup" -> {
                    // dead-lettered, or a resend of a key whose event is checked on its own row
                }
                default -> assertThat(eventLanes.get(key)).as(row.file() + " lane").isEqualTo(row.lane());
            }
        }
        EventEnvelope oru = events.stream().filter(e -> e.idempotencyKey().endsWith(":ORU-0004")).findFirst()
                .orElseThrow();
        assertThat(oru.kind()).isEqualTo(EventKind.HL7);
        assertThat(oru.payload().get("messageType").asText()).isEqualTo("ORU^R01");
        assertThat(oru.payload().get("version").asText()).isEqualTo("2.6");
        assertThat(oru.payload().get("observations").get(0).get("flags").toString()).isEqualTo("[\"L\",\"AA\"]");
        assertThat(oru.payload().get("raw").asText()).startsWith("MSH|");
        assertThat(perKey).as("neither message of a two-message frame is journaled")
                .doesNotContainKeys(Hl7Events.key("LAB", "GENHOSP", "TWO-0001"),
                        Hl7Events.key("LAB", "GENHOSP", "TWO-0002"), Hl7Events.key("LAB", "GENHOSP", "BAT-0001"));
        EventEnvelope sloppy = events.stream().filter(e -> e.idempotencyKey().endsWith(":ORU-0094")).findFirst()
                .orElseThrow();
        JsonNode observations = sloppy.payload().get("observations");
        assertThat(observations).hasSize(94);
        JsonNode obx41 = observations.get(40);
        assertThat(obx41.get("setId").asInt()).isEqualTo(41);
        assertThat(obx41.get("value").asText()).as("kept as sent").isEqualTo("5,4");
        assertThat(obx41.get("errors").get(0).asText()).contains("Set ID 41").contains("not a number");
        assertThat(observations.get(39).has("errors")).as("other observations carry no errors").isFalse();
        assertThat(observations.get(11).get("value").asDouble()).isEqualTo(6.9);
        EventEnvelope utf8 = events.stream().filter(e -> e.idempotencyKey().endsWith(":ADT-0012")).findFirst()
                .orElseThrow();
        assertThat(utf8.payload().get("raw").asText()).contains("ZOË ÅNGSTRÖM 测试");
        assertThat(utf8.subject().bed()).isEqualTo("ICU-5");
        EventEnvelope latin1 = events.stream().filter(e -> e.idempotencyKey().endsWith(":ADT-0013")).findFirst()
                .orElseThrow();
        assertThat(latin1.payload().get("raw").asText()).contains("RENÉE");
    }

    private static byte[] message(String type, String controlId, String msh13on) {
        return ("MSH|^~\\&|LAB|GENHOSP|HOLDFAST|EDGE|20261123120000||" + type + "|" + controlId + "|P|2.5" + msh13on
                + "\rEVN|A08|20261123120000\rPID|1||PAT-2001^^^GENHOSP^MR||TESTPATIENT^NE\rPV1|1|I|ICU^^9\r")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] oversized() {
        StringBuilder b = new StringBuilder("MSH|^~\\&|LAB|GENHOSP|HOLDFAST|EDGE|20261123120000||ORU^R01|BIG-0001|P|2.5\r"
                + "PID|1||PAT-2002\r");
        int i = 1;
        while (b.length() < LIMIT + 10_000) {
            b.append("OBX|").append(i++).append("|ST|NOTE||").append("x".repeat(200)).append("\r");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static List<Row> corpus() throws IOException {
        List<Row> rows = new ArrayList<>();
        String table = new String(resource("corpus.tsv"), StandardCharsets.UTF_8);
        for (String line : table.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            rows.add(new Row(f[0], f[1], f[2], resource(f[0])));
        }
        return rows;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(Hl7CorpusIT.class.getResourceAsStream("/hl7/" + name), name)) {
            return in.readAllBytes();
        }
    }
}
