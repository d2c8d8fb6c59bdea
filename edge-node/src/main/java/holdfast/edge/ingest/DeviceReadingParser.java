package holdfast.edge.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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

    public ValidatedReading parse(byte[] body) {
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

    private ValidatedReading parseChecked(byte[] body) {
        requireUtf8(body);
        ValidatedReading common = commonShape(body);
        return common != null ? common : fromTree(body);
    }

    /**
     * The reading read straight off the token stream, without a JSON tree, when it has the common shape and
     * passes every check; null for anything else (an unknown or repeated field, a wrong type, a value out of
     * range, malformed JSON...), which {@link #fromTree} then reads again and names the fault in exactly the
     * words it always has. Whatever this accepts, {@link #fromTree} accepts too and reads into an equal reading.
     */
    ValidatedReading commonShape(byte[] body) {
        try (JsonParser p = mapper.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String messageId = null;
            String deviceId = null;
            String bed = null;
            Instant observedAt = null;
            Lane priority = null;
            ArrayNode normalised = null;
            List<CodedValue> values = null;
            int seen = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                int bit = switch (field) {
                    case "messageId" -> 1;
                    case "deviceId" -> 2;
                    case "bed" -> 4;
                    case "observedAt" -> 8;
                    case "observations" -> 16;
                    case "priority" -> 32;
                    default -> 0;
                };
                if (bit == 0 || (seen & bit) != 0) {
                    return null;
                }
                seen |= bit;
                switch (bit) {
                    case 1, 2 -> {
                        if (v != JsonToken.VALUE_STRING || !ids(p.getText(), 128)) {
                            return null;
                        }
                        if (bit == 1) {
                            messageId = p.getText();
                        } else {
                            deviceId = p.getText();
                        }
                    }
                    case 4 -> {
                        if (v == JsonToken.VALUE_STRING && beds(p.getText())) {
                            bed = p.getText();
                        } else if (v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    case 8 -> {
                        if (v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        try {
                            observedAt = IsoInstants.parse(p.getText());
                        } catch (DateTimeException e) {
                            return null;
                        }
                    }
                    case 16 -> {
                        if (v != JsonToken.START_ARRAY) {
                            return null;
                        }
                        normalised = JsonNodeFactory.instance.arrayNode();
                        values = new ArrayList<>(2);
                        if (!observations(p, normalised, values)) {
                            return null;
                        }
                    }
                    default -> {
                        if (v == JsonToken.VALUE_STRING) {
                            priority = wirePriority(p.getText());
                            if (priority == null) {
                                return null;
                            }
                        } else if (v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || messageId == null || deviceId == null
                    || observedAt == null || normalised == null
                    || policy.refusal(observedAt, clock.instant()) != null) {
                return null;
            }
            return new ValidatedReading(messageId, deviceId, bed, observedAt, priority, values,
                    payload(messageId, deviceId, bed, observedAt, normalised, priority));
        } catch (IOException | RuntimeException e) {
            return null; // the tree reading names what is wrong
        }
    }

    /** The observations array after its START_ARRAY; false when it is anything but valid common entries. */
    private boolean observations(JsonParser p, ArrayNode normalised, List<CodedValue> values) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            if (values.size() == MAX_OBSERVATIONS) {
                return false;
            }
            String code = null;
            String system = null;
            JsonNode value = null;
            String unit = null;
            int seen = 0;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                int bit = switch (field) {
                    case "code" -> 1;
                    case "system" -> 2;
                    case "value" -> 4;
                    case "unit" -> 8;
                    default -> 0;
                };
                if (bit == 0 || (seen & bit) != 0) {
                    return false;
                }
                seen |= bit;
                if (bit == 4) {
                    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                        value = JsonNodeFactory.instance.numberNode(p.getIntValue());
                    } else if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.LONG) {
                        value = JsonNodeFactory.instance.numberNode(p.getLongValue());
                    } else if (v == JsonToken.VALUE_NUMBER_FLOAT && Double.isFinite(p.getDoubleValue())) {
                        value = JsonNodeFactory.instance.numberNode(p.getDoubleValue());
                    } else {
                        return false;
                    }
                    continue;
                }
                String text;
                if (v == JsonToken.VALUE_STRING) {
                    text = p.getText();
                } else if (v == JsonToken.VALUE_NULL && bit != 1) {
                    continue;
                } else {
                    return false;
                }
                switch (bit) {
                    case 1 -> code = ids(text, 128) ? text : null;
                    case 2 -> system = text.length() <= 256 ? text : null;
                    default -> unit = text.length() <= 256 ? text : null;
                }
                if ((bit == 1 && code == null) || (bit == 2 && system == null) || (bit == 8 && unit == null)) {
                    return false;
                }
            }
            if (t != JsonToken.END_OBJECT || code == null || value == null
                    || policy.implausible(code, value.doubleValue(), unit) != null) {
                return false;
            }
            ObjectNode n = normalised.addObject();
            n.put("code", code);
            n.put("system", system);
            n.set("value", value);
            n.put("unit", unit);
            values.add(new CodedValue(code, value.doubleValue()));
        }
        return t == JsonToken.END_ARRAY && !values.isEmpty();
    }

    /** What {@code [A-Za-z0-9._~-]{1,max}} matches, without a regex. */
    private static boolean ids(String s, int max) {
        int n = s.length();
        if (n == 0 || n > max) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '~' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** What {@link #BED} matches, without a regex. */
    private static boolean beds(String s) {
        int n = s.length();
        if (n == 0 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == ' ' || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static Lane wirePriority(String wire) {
        try {
            return Lane.fromWire(wire);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ObjectNode payload(String messageId, String deviceId, String bed, Instant observedAt,
                                      ArrayNode normalised, Lane priority) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("messageId", messageId);
        payload.put("deviceId", deviceId);
        payload.put("bed", bed);
        payload.put("observedAt", observedAt.toString());
        payload.set("observations", normalised);
        payload.put("priority", priority == null ? null : priority.wireName());
        return payload;
    }

    /** The reading read into a JSON tree first: every input, and every fault named. */
    ValidatedReading fromTree(byte[] body) {
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
        return new ValidatedReading(messageId, deviceId, bed, observedAt, priority, values,
                payload(messageId, deviceId, bed, observedAt, normalised, priority));
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
        int i = 0;
        while (i < body.length && body[i] >= 0) {
            i++;
        }
        if (i == body.length) {
            return; // ASCII, the common case, is UTF-8
        }
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

    /** A reading that passed every check, with its normalised payload (wire form: the api's DeviceReading). */
    public record ValidatedReading(String messageId, String deviceId, String bed, Instant observedAt, Lane priority,
                                List<CodedValue> values, ObjectNode payload) {
    }
}
