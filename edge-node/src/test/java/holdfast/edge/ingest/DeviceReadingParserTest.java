package holdfast.edge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.shared.envelope.Lane;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceReadingParserTest {

    /** The node's clock, fixed just after the fixtures' observation time: nothing here depends on today. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

    private final DeviceReadingParser parser = new DeviceReadingParser(ReadingPolicy.DEFAULT, CLOCK);

    private static final String VALID = """
            {"messageId":"mon-07-000123","deviceId":"mon-07","bed":"ICU-3","observedAt":"2026-11-23T08:00:00.000Z",
             "observations":[{"code":"8867-4","system":"http://loinc.org","value":128,"unit":"/min"},
                             {"code":"59408-5","system":"http://loinc.org","value":88.5,"unit":"%"}],
             "priority":"critical"}""";

    @Test
    void contractExampleParses() {
        DeviceReadingParser.ValidatedReading r = parser.parse(VALID.getBytes(StandardCharsets.UTF_8));
        assertThat(r.messageId()).isEqualTo("mon-07-000123");
        assertThat(r.deviceId()).isEqualTo("mon-07");
        assertThat(r.priority()).isEqualTo(Lane.CRITICAL);
        assertThat(r.values()).extracting(v -> v.value()).containsExactly(128.0, 88.5);
        assertThat(r.payload().get("observations").get(0).get("value").asText()).isEqualTo("128");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json at all                                                              | body is not valid JSON
            []                                                                           | body must be a JSON object
            {"deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":1}]} | messageId is required
            {"messageId":"m","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":1}]} | deviceId is required
            {"messageId":7,"deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":1}]} | messageId must be a string
            {"messageId":"m","deviceId":"d","observedAt":"yesterday","observations":[{"code":"c","value":1}]} | observedAt must be an ISO-8601
            {"messageId":"m","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[]} | observations must be a non-empty array
            {"messageId":"m","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":"128"}]} | observations[0].value must be a number
            {"messageId":"m","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"value":1}]} | observations[0].code is required
            {"messageId":"m","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":1}],"priority":"urgent"} | priority must be one of
            {"messageId":"m","deviceId":"a/b","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":1}]} | deviceId must match
            {"messageId":"m","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":1}]} {} | trailing content
            """)
    void invalidReadingsNameTheFieldNotTheValue(String body, String expected) {
        assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            8867-4  | -5    | /min
            8867-4  | 351   | /min
            59408-5 | 140   | %
            59408-5 | -0.5  |
            8310-5  | 95.2  | Cel
            """)
    void physiologicallyImpossibleValuesAreRefusedNamingTheCodeAndRangeNotTheValue(String code, String value,
            String unit) {
        String body = reading(code, value, unit);
        assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("observations[0].value is outside the physiologically possible range")
                .hasMessageContaining("for code " + code)
                .hasMessageNotContaining(value);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            8867-4  | 0     | /min
            8867-4  | 350   | /min
            59408-5 | 100   | %
            8310-5  | 95.2  | [degF]
            12345-6 | -40   |
            """)
    void valuesAtTheEdgeOfTheRangeInAnotherUnitOrOfAnUnboundedCodeAreAccepted(String code, String value,
            String unit) {
        DeviceReadingParser.ValidatedReading r =
                parser.parse(reading(code, value, unit).getBytes(StandardCharsets.UTF_8));
        assertThat(r.values()).extracting(v -> v.value()).containsExactly(Double.parseDouble(value));
    }

    @Test
    void anEmptyRangeListTurnsTheCheckOff() {
        DeviceReadingParser lenient = new DeviceReadingParser(new ReadingPolicy(
                ReadingPolicy.DEFAULT.maxAge(), ReadingPolicy.DEFAULT.maxAhead(), java.util.List.of()), CLOCK);
        assertThat(lenient.parse(reading("8867-4", "-5", "/min").getBytes(StandardCharsets.UTF_8)).values())
                .extracting(v -> v.value()).containsExactly(-5.0);
    }

    private static String reading(String code, String value, String unit) {
        return "{\"messageId\":\"m\",\"deviceId\":\"d\",\"observedAt\":\"2026-11-23T08:00:00Z\","
                + "\"observations\":[{\"code\":\"" + code + "\",\"value\":" + value
                + (unit == null ? "" : ",\"unit\":\"" + unit + "\"") + "}]}";
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        bytes[20] = (byte) 0xC3;
        bytes[21] = (byte) 0x28;
        assertThatThrownBy(() -> parser.parse(bytes)).hasMessage("body is not valid UTF-8");
    }

    @Test
    void errorMessagesNeverEchoValues() {
        String secret = "{\"messageId\":\"m\",\"deviceId\":\"d\",\"bed\":\"Jane Doe / 1970-01-01!\","
                + "\"observedAt\":\"2026-11-23T08:00:00Z\",\"observations\":[{\"code\":\"c\",\"value\":1}]}";
        assertThatThrownBy(() -> parser.parse(secret.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("bed must match").hasMessageNotContaining("Jane");
    }

    @Test
    void deepNestingIsInvalidInputWithAReasonNotACrash() {
        String deep = "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000);
        assertThatThrownBy(() -> parser.parse(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nesting deeper than");
        String deepArray = "[".repeat(2_000) + "]".repeat(2_000);
        assertThatThrownBy(() -> parser.parse(deepArray.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1e400    | observations[0].value must be a finite number
            -1e400   | observations[0].value must be a finite number
            NaN      | body is not valid JSON
            Infinity | body is not valid JSON
            1000000000000000000000000000000000000000000000000000000000000000000000000 | body exceeds the JSON limits
            """)
    void nonFiniteOrOverlongNumbersAreRefused(String value, String expected) {
        String body = VALID.replace("\"value\":128", "\"value\":" + value);
        assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            9999-12-31T23:59:59Z     | after the node's clock
            0001-01-01T00:00:00Z     | before the node's clock
            2026-10-01T08:00:00Z     | before the node's clock
            2026-11-23T09:11:00Z     | after the node's clock
            +10000-01-01T00:00:00Z   | after the node's clock
            """)
    void observedAtOutsideTheWindowAroundTheNodesClockIsRefused(String observedAt, String expected) {
        String body = VALID.replace("2026-11-23T08:00:00.000Z", observedAt);
        assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(expected);
    }

    @Test
    void observedAtInsideTheWindowIsAccepted() {
        for (String at : new String[] {"2026-10-25T09:00:01Z", "2026-11-23T09:09:59Z"}) {
            assertThat(parser.parse(VALID.replace("2026-11-23T08:00:00.000Z", at).getBytes(StandardCharsets.UTF_8))
                    .observedAt()).isEqualTo(Instant.parse(at));
        }
    }

    @Test
    void randomBytesAreAlwaysInvalidInputNeverAnotherException() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 5_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[random.nextInt(300)];
                random.nextBytes(b);
            } else { // a valid reading with a few bytes flipped: gets past the first checks
                b = valid.clone();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            byte[] input = b;
            try {
                parser.parse(input);
            } catch (InvalidInputException expected) {
                // the only failure a channel may see
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"messageId":"m","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"8867-4","value":72}]}
            {"observations":[{"unit":"/min","value":72.25,"system":"http://loinc.org","code":"8867-4"}],"priority":"batch","observedAt":"2026-11-23T08:00:00.123456Z","bed":"ICU 3.b_x","deviceId":"d~1","messageId":"m-1.x_y"}
            {"messageId":"m","deviceId":"d","bed":null,"observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","system":null,"value":12345678901,"unit":null}],"priority":null}
            {"messageId":"m","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":-0.0},{"code":"c","value":1e2},{"code":"c","value":1.5E-7}]}
            {"messageId":"m","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":1}],"extra":{"nested":[1,2]}}
            {"messageId":"m","messageId":"n","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":1}]}
            {"messageId":"m","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":123456789012345678901234567890}]}
            {"messageId":"m","deviceId":"d","observedAt":"2026-11-23T08:00:00Z","observations":[{"code":"c","value":1,"note":"x"}],"bed":"\u00e9"}
            """)
    void theStreamingReadingAndTheTreeReadingAgreeOnEveryAcceptedShape(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        DeviceReadingParser.ValidatedReading tree;
        try {
            tree = parser.fromTree(bytes);
        } catch (InvalidInputException e) {
            assertThatThrownBy(() -> parser.parse(bytes)).hasMessage(e.getMessage());
            return;
        }
        DeviceReadingParser.ValidatedReading read = parser.parse(bytes);
        assertThat(read).isEqualTo(tree);
        assertThat(read.payload().toString()).isEqualTo(tree.payload().toString());
    }

    @org.junit.jupiter.api.Test
    void aReadingInTheCommonShapeKeepsEachValuesNumberType() {
        DeviceReadingParser.ValidatedReading r = parser.parse(reading("8867-4", "72", "/min")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.payload().get("observations").get(0).get("value").isInt()).isTrue();
        byte[] contract = VALID.getBytes(StandardCharsets.UTF_8);
        assertThat(parser.commonShape(contract)).as("read without a tree").isNotNull()
                .isEqualTo(parser.fromTree(contract));
        assertThat(parser.parse(reading("8867-4", "72.5", "/min").getBytes(StandardCharsets.UTF_8))
                .payload().get("observations").get(0).get("value").isDouble()).isTrue();
    }
}
