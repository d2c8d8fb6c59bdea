package holdfast.edge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Source;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JournalEntryTest {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void storedJsonWithItsLaneSeqIsByteForByteWhatEncodingThePlacedEventGives() {
        ObjectNode payload = codec.mapper().createObjectNode();
        payload.put("note", "\"laneSeq\":0, inside a payload string stays untouched");
        payload.put("laneSeq", 0);
        EventEnvelope unplaced = new EventEnvelope("e1", "k:\"laneSeq\":0,", 1, Lane.BATCH, 0, EventKind.OBSERVATION,
                new Source("http", "d", "m"), "c", null, Instant.EPOCH, Instant.EPOCH, null, payload, null);
        byte[] stored = codec.encode(unplaced);
        byte[] placed = JournalEntry.placed(stored, 123_456_789L);
        assertThat(placed).isEqualTo(codec.encode(unplaced.placedAt(Lane.BATCH, 123_456_789L)));
    }

    @Test
    void entriesWithoutStoredJsonAreEncoded() {
        EventEnvelope e = new EventEnvelope("e2", "k", 1, Lane.CRITICAL, 7, EventKind.ALARM, new Source("mqtt", "d", "m"),
                "c", null, Instant.EPOCH, Instant.EPOCH, null, null, null);
        assertThat(new JournalEntry(e, 1).json(codec)).isEqualTo(codec.encode(e));
    }
}
