package holdfast.shared.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    static EventEnvelope sample() {
        ObjectNode payload = new EnvelopeCodec().mapper().createObjectNode().put("messageId", "mon-07-000123");
        return new EventEnvelope("0193a1c2-0000-7000-8000-000000000001", "mqtt:mon-07:mon-07-000123", 1,
                Lane.CRITICAL, 42, EventKind.OBSERVATION, new Source("mqtt", "mon-07", "mon-07-000123"), "corr-1",
                null, Instant.parse("2026-11-23T08:00:00Z"), Instant.parse("2026-11-23T08:00:00.004Z"),
                new Subject("P12345", "E998", "ICU", "ICU-3", "mon-07"), payload,
                Raw.of("application/json", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void envelopeSurvivesJsonRoundTrip() {
        EventEnvelope original = sample();
        EventEnvelope decoded = codec.decode(codec.encode(original));
        assertThat(decoded).isEqualTo(original);
    }

    @Test
    void jsonUsesContractFieldNamesAndWireValues() {
        String json = new String(codec.encode(sample()), StandardCharsets.UTF_8);
        assertThat(json).contains("\"lane\":\"critical\"", "\"kind\":\"observation\"", "\"laneSeq\":42",
                "\"occurredAt\":\"2026-11-23T08:00:00Z\"", "\"causationId\":null", "\"base64\":\"e30=\"",
                "\"subject\":{\"patientId\":\"P12345\"");
    }

    @Test
    void unknownFieldsAreTolerated() {
        ObjectNode tree = (ObjectNode) codec.toTree(sample());
        tree.put("addedInALaterMinorRelease", "x");
        ((ObjectNode) tree.get("subject")).put("room", "301");
        assertThat(codec.fromTree(tree)).isEqualTo(sample());
    }

    @Test
    void newerMajorSchemaVersionIsRefusedWithClearError() {
        ObjectNode tree = (ObjectNode) codec.toTree(sample());
        tree.put("schemaVersion", 2);
        assertThatThrownBy(() -> codec.fromTree(tree))
                .isInstanceOf(UnsupportedSchemaVersionException.class)
                .hasMessageContaining("schemaVersion 2 is newer");
    }

    @Test
    void missingSchemaVersionIsRefused() {
        ObjectNode tree = (ObjectNode) codec.toTree(sample());
        tree.remove("schemaVersion");
        assertThatThrownBy(() -> codec.fromTree(tree)).hasMessageContaining("schemaVersion is required");
    }

    @Test
    void toStringLeavesPayloadAndRawOut() {
        assertThat(sample().toString()).doesNotContain("mon-07-000123\"").doesNotContain("e30=")
                .contains("eventId=0193a1c2");
    }

    @Test
    void laneOnlyParsesWireNames() {
        assertThat(Lane.fromWire("batch")).isEqualTo(Lane.BATCH);
        assertThatThrownBy(() -> Lane.fromWire("urgent")).hasMessageContaining("critical, standard, batch");
        assertThat(Lane.moreUrgent(Lane.BATCH, Lane.CRITICAL)).isEqualTo(Lane.CRITICAL);
    }

    @Test
    void handWrittenEncodingIsByteForByteWhatTheMapperWrites() throws Exception {
        ObjectNode payload = codec.mapper().createObjectNode().put("messageId", "m\"1\u00e9\u2028")
                .put("value", 72.5).put("big", 1e300).putNull("bed");
        payload.putArray("observations").addObject().put("code", "8867-4").put("value", 72);
        EventEnvelope withNulls = new EventEnvelope("e-1", "http:d:m", 1, Lane.BATCH, 0, EventKind.OBSERVATION,
                new Source("http", null, null), "c-1", null, Instant.parse("2026-11-23T08:00:00.123456789Z"),
                Instant.parse("2026-11-23T08:00:00.100Z"), null, null, null);
        for (EventEnvelope e : java.util.List.of(sample(), withNulls, sample().placedAt(Lane.STANDARD, 7),
                new EventEnvelope("e-2", "k", 1, Lane.CRITICAL, Long.MAX_VALUE, EventKind.OBSERVATION,
                        new Source("hl7", "LAB", "x"), "c", "cause", Instant.EPOCH, Instant.EPOCH,
                        new Subject("P", "E", "W", "B", "D"), payload, Raw.of("text/plain", new byte[] {0, -1})))) {
            assertThat(new String(codec.encode(e), StandardCharsets.UTF_8))
                    .isEqualTo(codec.mapper().writeValueAsString(e));
        }
    }
}
