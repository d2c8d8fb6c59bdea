package holdfast.edge.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.lanes.LaneCandidate.CodedValue;
import holdfast.shared.envelope.Lane;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates a device reading (contract §2) field by field, so that the error can say exactly what is wrong
 * without quoting the value. Strict: wrong JSON types are errors, never coerced; numbers must be finite
 * ({@code 1e400} is not a reading); {@code observedAt} must lie in the {@link ReadingPolicy} window around the
 * node's clock and each value in its code's plausible range. The JSON reader itself is bounded (nesting depth,
 * number and string length) and every failure it can raise, whatever its kind, comes out as an
 * {@link InvalidInputException}: no input can make a channel's handler throw anything else. Thread-safe.
 */
public final class DeviceReadingParser {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final Pattern BED = Pattern.compile("[A-Za-z0-9 ._-]{1,64}");
    private static final int MAX_OBSERVATIONS = 256;
    /** A reading nests three deep; anything far deeper is an attack on the parser, not a reading. */
    static final int MAX_NESTING = 16;

    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING).maxNumberLength(64).maxStringLength(64 * 1024).build())
            .build()).build();
    private final ReadingPolicy policy;
    private final Clock clock;

    /** @param clock the node's clock, which {@code observedAt} is checked against */
    public DeviceReadingParser(ReadingPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    public DeviceReading parse(byte[] body) {
        try {
            return parseChecked(body);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // A parser bug or a limit the checks above did not foresee must still be "invalid input" with
            // context, never an exception that stops the channel; the type names the failure, not the input.
            throw new InvalidInputException("body cannot be read as a device reading ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private DeviceReading parseChecked(byte[] body) {
        requireUtf8(body);
        JsonNode root;
        try (JsonParser parser = mapper.createParser(body)) {
            root = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidInputException("body has trailing content after the JSON object");
            }
        } catch (StreamConstraintsException e) {
            // Carries no location: it is about the shape of the whole document.
            throw new InvalidInputException("body exceeds the JSON limits (nesting deeper than " + MAX_NESTING
                    + ", or an overlong number or string)");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(e.getLocation() == null ? "body is not valid JSON"
                    : "body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new InvalidInputException("body cannot be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("body must be a JSON object");
        }
        String messageId = text(root, "messageId", ID, true);
        String deviceId = text(root, "deviceId", ID, true);
        String bed = text(root, "bed", BED, false);
        Instant observedAt = instant(root, "observedAt");
        String outside = policy.refusal(observedAt, clock.instant());
        if (outside != null) {
            throw new InvalidInputException(outside);
        }
        Lane priority = priority(root);
        JsonNode observations = root.get("observations");
        if (observations == null || !observations.isArray() || observations.isEmpty()) {
            throw new InvalidInputException("observations must be a non-empty array");
        }
        if (observations.size() > MAX_OBSERVATIONS) {
            throw new InvalidInputException("observations has more than " + MAX_OBSERVATIONS + " entries");
        }
        ArrayNode normalised = JsonNodeFactory.instance.arrayNode();
        List<CodedValue> values = new ArrayList<>(observations.size());
        for (int i = 0; i < observations.size(); i++) {
            JsonNode o = observations.get(i);
            String at = "observations[" + i + "]";
            if (!o.isObject()) {
                throw new InvalidInputException(at + " must be an object");
            }
            String code = text(o, "code", ID, true, at + ".code");
            String system = text(o, "system", null, false, at + ".system");
            JsonNode value = o.get("value");
            if (value == null || !value.isNumber()) {
                throw new InvalidInputException(at + ".value must be a number");
            }
            if (!Double.isFinite(value.doubleValue())) {
                throw new InvalidInputException(at + ".value must be a finite number");
            }
            String unit = text(o, "unit", null, false, at + ".unit");
            String implausible = policy.implausible(code, value.doubleValue(), unit);
            if (implausible != null) {
                throw new InvalidInputException(at + "." + implausible);
            }
            ObjectNode n = normalised.addObject();
            n.put("code", code);
            n.put("system", system);
            n.set("value", value);
            n.put("unit", unit);
            values.add(new CodedValue(code, value.doubleValue()));
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("messageId", messageId);
        payload.put("deviceId", deviceId);
        payload.put("bed", bed);
        payload.put("observedAt", observedAt.toString());
        payload.set("observations", normalised);
        payload.put("priority", priority == null ? null : priority.wireName());
        return new DeviceReading(messageId, deviceId, bed, observedAt, priority, values, payload);
    }

    /** Best-effort extraction of a field for dead-letter context from input that failed validation. */
    public String peek(byte[] body, String field) {
        try {
            JsonNode root = mapper.readTree(body);
            JsonNode v = root == null ? null : root.get(field);
            return v != null && v.isTextual() && ID.matcher(v.asText()).matches() ? v.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void requireUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("body is not valid UTF-8");
        }
    }

    private static String text(JsonNode node, String field, Pattern pattern, boolean required) {
        return text(node, field, pattern, required, field);
    }

    private static String text(JsonNode node, String field, Pattern pattern, boolean required, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidInputException(path + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(path + " must be a string");
        }
        String s = v.asText();
        if (pattern != null && !pattern.matcher(s).matches()) {
            throw new InvalidInputException(path + " must match " + pattern.pattern());
        }
        if (pattern == null && s.length() > 256) {
            throw new InvalidInputException(path + " must be at most 256 characters");
        }
        return s;
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidInputException(field + " is required as an ISO-8601 UTC timestamp");
        }
        try {
            return IsoInstants.parse(v.asText());
        } catch (DateTimeException e) {
            throw new InvalidInputException(field + " must be an ISO-8601 timestamp such as 2026-11-23T08:00:00Z");
        }
    }

    private static Lane priority(JsonNode node) {
        JsonNode v = node.get("priority");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException("priority must be a string");
        }
        try {
            return Lane.fromWire(v.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("priority must be one of critical, standard, batch");
        }
    }

    /** A validated reading and its normalised payload. */
    public record DeviceReading(String messageId, String deviceId, String bed, Instant observedAt, Lane priority,
                                List<CodedValue> values, ObjectNode payload) {
    }
}
