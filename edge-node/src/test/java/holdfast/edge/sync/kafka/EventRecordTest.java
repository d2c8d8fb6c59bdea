package holdfast.edge.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class EventRecordTest {

    private static final String EVENT = "{\"eventId\":\"0193-a\",\"idempotencyKey\":\"mqtt:mon-07:m-1\","
            + "\"schemaVersion\":1,\"lane\":\"critical\",\"laneSeq\":42,\"kind\":\"observation\","
            + "\"source\":{\"channel\":\"mqtt\",\"eventId\":\"not-this-one\"},\"payload\":{\"laneSeq\":7,"
            + "\"observations\":[{\"kind\":\"x\"}]},\"raw\":{\"base64\":\"AAAA\"}}";

    @Test
    void recordIsKeyedByNodeAndLaneWithTheEventJsonUnchangedAndRoutingHeaders() {
        ProducerRecord<String, byte[]> r = EventRecord.of(EVENT.getBytes(StandardCharsets.UTF_8))
                .toRecord("holdfast-events", "edge-1", "critical");
        assertThat(r.topic()).isEqualTo("holdfast-events");
        assertThat(r.key()).isEqualTo("edge-1:critical");
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(EVENT);
        Map<String, String> headers = new HashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsExactlyInAnyOrderEntriesOf(Map.of("eventId", "0193-a", "idempotencyKey",
                "mqtt:mon-07:m-1", "lane", "critical", "laneSeq", "42", "kind", "observation", "nodeId", "edge-1"));
    }

    @Test
    void nestedFieldsNeverStandInForTheEventsOwn() {
        EventRecord e = EventRecord.of(EVENT.getBytes(StandardCharsets.UTF_8));
        assertThat(e.eventId()).isEqualTo("0193-a");
        assertThat(e.laneSeq()).isEqualTo(42);
        assertThat(e.kind()).isEqualTo("observation");
    }

    @Test
    void eventWithoutIdOrLaneSeqIsRefused() {
        assertThatThrownBy(() -> EventRecord.of("{\"eventId\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventRecord.of("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
