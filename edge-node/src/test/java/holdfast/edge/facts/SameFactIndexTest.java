package holdfast.edge.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.ingest.IngestRequest;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Raw;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SameFactIndexTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A fixed point: the index must not care how it relates to today. */
    private static final Instant T = Instant.parse("2031-03-01T10:00:00Z");

    @Test
    void anOruBackfilledYearsAfterTheReadingStillLinksToIt() {
        SameFactIndex index = new SameFactIndex(new FactSettings(true, 10_000));
        Instant longAgo = T.minusSeconds(3L * 365 * 24 * 3600);
        index.journaled(reading("ev-reading", "mon-1", longAgo));

        IngestRequest linked = index.beforeJournal(oru("mon-1", longAgo));

        assertThat(linked.payload().path("sameFactAs").asText()).isEqualTo("ev-reading");
    }

    @Test
    void factsAtDifferentObservationTimesAreNotTheSameFact() {
        SameFactIndex index = new SameFactIndex(new FactSettings(true, 10_000));
        index.journaled(reading("ev-reading", "mon-1", T));

        IngestRequest unlinked = index.beforeJournal(oru("mon-1", T.plusMillis(1)));

        assertThat(unlinked.payload().has("sameFactAs")).isFalse();
    }

    @Test
    void theIndexForgetsTheFactsRecordedLongestAgoOnceItHoldsMaxFacts() {
        SameFactIndex index = new SameFactIndex(new FactSettings(true, 1_000));
        index.journaled(reading("ev-first", "mon-1", T));
        for (int i = 0; i < 1_000; i++) {
            index.journaled(reading("ev-" + i, "mon-2", T.plusSeconds(i)));
        }

        assertThat(index.size()).isEqualTo(1_000);
        assertThat(index.beforeJournal(oru("mon-1", T)).payload().has("sameFactAs")).isFalse();
        assertThat(index.beforeJournal(oru("mon-2", T.plusSeconds(999))).payload().path("sameFactAs").asText())
                .isEqualTo("ev-999");
    }

    private static EventEnvelope reading(String eventId, String device, Instant observedAt) {
        ObjectNode payload = JSON.createObjectNode().put("deviceId", device).put("observedAt", observedAt.toString());
        payload.putArray("observations").addObject().put("code", "8867-4").put("value", 72);
        return new EventEnvelope(eventId, "http:" + device + ":" + eventId, EventEnvelope.SCHEMA_VERSION,
                Lane.STANDARD, 1, EventKind.OBSERVATION, new Source("http", device, eventId), "c", null,
                observedAt, observedAt, Subject.NONE, payload, Raw.of("application/json", new byte[0]));
    }

    private static IngestRequest oru(String device, Instant observedAt) {
        ObjectNode payload = JSON.createObjectNode();
        payload.putArray("observations").addObject().put("deviceId", device).put("code", "8867-4")
                .put("observedAt", observedAt.toString());
        return new IngestRequest("hl7:LAB:GEN:1", EventKind.HL7, new Source("mllp", "LAB", "1"), "c", null,
                observedAt, Subject.NONE, payload, Raw.of("application/hl7-v2", new byte[0]), null);
    }
}
