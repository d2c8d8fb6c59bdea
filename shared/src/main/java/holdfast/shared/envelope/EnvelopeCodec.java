package holdfast.shared.envelope;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON form of {@link EventEnvelope}, as journaled and as sent upstream.
 *
 * <p>Schema policy: unknown fields are tolerated (a newer minor release may add optional ones); an envelope
 * whose {@code schemaVersion} is above {@link EventEnvelope#SCHEMA_VERSION} is refused with
 * {@link UnsupportedSchemaVersionException} rather than half-read. Thread-safe.
 */
public final class EnvelopeCodec {

    private final ObjectMapper mapper;

    public EnvelopeCodec() {
        this.mapper = newMapper();
    }

    /** The mapper settings used everywhere Holdfast speaks JSON (ISO-8601 instants, unknown fields ok). */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The envelope's JSON, field by field with the streaming generator: the same bytes the mapper's record
     * serialisation writes (same order, nulls written, ISO-8601 instants), without its reflective
     * per-property dispatch, which was a visible share of every ingest.
     */
    public byte[] encode(EventEnvelope envelope) {
        ByteArrayBuilder out = new ByteArrayBuilder(1024);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("eventId", envelope.eventId());
            g.writeStringField("idempotencyKey", envelope.idempotencyKey());
            g.writeNumberField("schemaVersion", envelope.schemaVersion());
            g.writeStringField("lane", envelope.lane().wireName());
            g.writeNumberField("laneSeq", envelope.laneSeq());
            g.writeStringField("kind", envelope.kind().wireName());
            Source source = envelope.source();
            g.writeObjectFieldStart("source");
            g.writeStringField("channel", source.channel());
            g.writeStringField("system", source.system());
            g.writeStringField("messageId", source.messageId());
            g.writeEndObject();
            g.writeStringField("correlationId", envelope.correlationId());
            g.writeStringField("causationId", envelope.causationId());
            g.writeStringField("occurredAt", envelope.occurredAt().toString());
            g.writeStringField("receivedAt", envelope.receivedAt().toString());
            Subject subject = envelope.subject();
            g.writeObjectFieldStart("subject");
            g.writeStringField("patientId", subject.patientId());
            g.writeStringField("encounterId", subject.encounterId());
            g.writeStringField("ward", subject.ward());
            g.writeStringField("bed", subject.bed());
            g.writeStringField("deviceId", subject.deviceId());
            g.writeEndObject();
            g.writeFieldName("payload");
            mapper.writeTree(g, envelope.payload());
            Raw raw = envelope.raw();
            if (raw == null) {
                g.writeNullField("raw");
            } else {
                g.writeObjectFieldStart("raw");
                g.writeStringField("contentType", raw.contentType());
                g.writeStringField("base64", raw.base64());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("envelope " + envelope.eventId() + " cannot be encoded", e);
        }
        return out.toByteArray();
    }

    public EventEnvelope decode(byte[] json) {
        try {
            return fromTree(mapper.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("not an event envelope", e);
        }
    }

    public EventEnvelope fromTree(JsonNode tree) {
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new IllegalArgumentException("schemaVersion is required");
        }
        if (version.intValue() > EventEnvelope.SCHEMA_VERSION) {
            throw new UnsupportedSchemaVersionException(version.intValue());
        }
        try {
            return mapper.treeToValue(tree, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed event envelope: " + e.getOriginalMessage(), e);
        }
    }

    public JsonNode toTree(EventEnvelope envelope) {
        return mapper.valueToTree(envelope);
    }
}
