package holdfast.shared.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
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

    public byte[] encode(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("envelope " + envelope.eventId() + " cannot be encoded", e);
        }
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
