package holdfast.edge.sync.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One event as a Kafka record: key {@code {nodeId}:{lane}} (one node's lane is one partition, so it stays in
 * order), value the event JSON of the batch protocol unchanged, and the fields a consumer routes or
 * deduplicates on as headers, so it need not parse the value first.
 *
 * @param eventId        the event's id (header {@code eventId})
 * @param idempotencyKey its idempotency key (header {@code idempotencyKey})
 * @param laneSeq        its position in the lane (header {@code laneSeq}, decimal)
 * @param kind           its kind (header {@code kind})
 * @param json           the event JSON as sent upstream
 */
record EventRecord(String eventId, String idempotencyKey, long laneSeq, String kind, byte[] json) {

    private static final JsonFactory JSON = new JsonFactory();

    /** Reads the top-level fields the headers need, skipping the payload and raw parts unparsed. */
    static EventRecord of(byte[] json) {
        String eventId = null;
        String key = null;
        String kind = null;
        long laneSeq = -1;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("event JSON is not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "eventId" -> eventId = p.getValueAsString();
                    case "idempotencyKey" -> key = p.getValueAsString();
                    case "kind" -> kind = p.getValueAsString();
                    case "laneSeq" -> laneSeq = p.getValueAsLong(-1);
                    default -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            p.skipChildren();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("event JSON unreadable: " + e.getClass().getSimpleName(), e);
        }
        if (eventId == null || laneSeq < 1) {
            throw new IllegalArgumentException("event JSON without eventId or laneSeq");
        }
        return new EventRecord(eventId, key, laneSeq, kind, json);
    }

    ProducerRecord<String, byte[]> toRecord(String topic, String nodeId, String lane) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("eventId", utf8(eventId));
        headers.add("idempotencyKey", utf8(idempotencyKey));
        headers.add("lane", utf8(lane));
        headers.add("laneSeq", utf8(Long.toString(laneSeq)));
        headers.add("kind", utf8(kind));
        headers.add("nodeId", utf8(nodeId));
        // The upstream call's span, as W3C trace context: a consumer can join the node's trace.
        holdfast.edge.trace.Tracing.inject(headers, (h, traceparent) -> h.add("traceparent", utf8(traceparent)));
        return new ProducerRecord<>(topic, null, KafkaSink.laneKey(nodeId, lane), json, headers);
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }
}
