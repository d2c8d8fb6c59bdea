package holdfast.edge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.shared.envelope.Lane;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceReadingParserTest {

    private final DeviceReadingParser parser = new DeviceReadingParser();

    private static final String VALID = """
            {"messageId":"mon-07-000123","deviceId":"mon-07","bed":"ICU-3","observedAt":"2026-11-23T08:00:00.000Z",
             "observations":[{"code":"8867-4","system":"http://loinc.org","value":128,"unit":"/min"},
                             {"code":"59408-5","system":"http://loinc.org","value":88.5,"unit":"%"}],
             "priority":"critical"}""";

    @Test
    void contractExampleParses() {
        DeviceReadingParser.DeviceReading r = parser.parse(VALID.getBytes(StandardCharsets.UTF_8));
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
}
