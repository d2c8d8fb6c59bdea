package holdfast.edge.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.ApiClient.Response;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class InvalidInputIT {

    /** Stands in for patient-identifying text: it must never reach a log line. */
    private static final String MARKER = "ZZPATIENTNAMEZZ";

    @TempDir
    static Path data;
    static TestNode node;
    static ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void start() {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        node = TestNode.start(data, Map.of("http.max-body-bytes", "4096"));
    }

    @AfterAll
    static void stop() {
        node.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json " + MARKER,
        "{\"messageId\":\"m\",\"bed\":\"" + MARKER + "\"}",
        "{\"messageId\":\"m\",\"deviceId\":\"mon-1\",\"observedAt\":\"@OBSERVED@\",\"observations\":"
                + "[{\"code\":\"8867-4\",\"value\":\"" + MARKER + "\"}]}",
        "{\"messageId\":\"m\",\"deviceId\":\"mon-1\",\"observedAt\":\"" + MARKER + "\",\"observations\":[]}",
        "{\"messageId\":\"m\",\"deviceId\":\"mon-1\",\"observedAt\":\"@OBSERVED@\",\"observations\":"
                + "[{\"code\":\"8867-4\",\"value\":1}],\"priority\":\"" + MARKER + "\"}"})
    void invalidBodyIsRefusedWithADeadLetterAndNeverLogged(String body) {
        assertRejectedAndDeadLettered(body.replace("@OBSERVED@", Readings.OBSERVED_AT.toString())
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPhysiologicallyImpossibleReadingIsRefusedAndRaisesNoAlertWhileAPossibleOneDoes() {
        String template = "{\"messageId\":\"%s\",\"deviceId\":\"mon-impossible\",\"observedAt\":\""
                + Readings.OBSERVED_AT + "\",\"observations\":[{\"code\":\"8867-4\",\"value\":%s,"
                + "\"unit\":\"/min\"}]}";
        JsonNode letter = assertRejectedAndDeadLettered(String.format(template, "hr-minus-5", "-5")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(letter.get("error").asText())
                .isEqualTo("observations[0].value is outside the physiologically possible range 0..350 /min"
                        + " for code 8867-4");
        assertThat(node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                String.format(template, "hr-30", "30").getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> deviceAlerts("mon-impossible").size() == 1);
        assertThat(deviceAlerts("mon-impossible").get(0).get("value").asDouble())
                .as("the only alert is the possible reading's").isEqualTo(30.0);
    }

    private java.util.List<JsonNode> deviceAlerts(String deviceId) {
        java.util.List<JsonNode> found = new java.util.ArrayList<>();
        node.api().get("/api/v1/alerts?status=open", TestNode.ADMIN_TOKEN).json().get("items").forEach(a -> {
            if (deviceId.equals(a.path("deviceId").asText())) {
                found.add(a);
            }
        });
        return found;
    }

    @Test
    void oversizedBodyIsRefusedAndKeptTruncated() {
        byte[] body = ("{\"messageId\":\"big\",\"deviceId\":\"mon-1\",\"note\":\"" + MARKER.repeat(1000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        JsonNode letter = assertRejectedAndDeadLettered(body);
        assertThat(letter.get("truncated").asBoolean()).isTrue();
        assertThat(letter.get("payloadSize").asInt()).isEqualTo(body.length);
        assertThat(letter.get("error").asText()).contains("larger than the limit of 4096 bytes");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] body = "{\"messageId\":\"m\",\"deviceId\":\"mon-1\"}".getBytes(StandardCharsets.UTF_8);
        body[5] = (byte) 0xFF;
        JsonNode letter = assertRejectedAndDeadLettered(body);
        assertThat(letter.get("error").asText()).isEqualTo("body is not valid UTF-8");
    }

    private JsonNode assertRejectedAndDeadLettered(byte[] body) {
        long before = openDeadLetters();
        Response r = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode problem = r.json();
        assertThat(problem.get("title").asText()).isEqualTo("Invalid request");
        assertThat(problem.get("detail").asText()).isNotBlank().doesNotContain(MARKER);
        String correlationId = problem.get("correlationId").asText();
        assertThat(openDeadLetters()).isEqualTo(before + 1);
        JsonNode letter = node.api().get("/api/v1/dead-letters?status=open&limit=1", TestNode.ADMIN_TOKEN)
                .json().get("items").get(0);
        assertThat(letter.get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(letter.get("channel").asText()).isEqualTo("http");
        assertThat(letter.get("payloadSha256").asText()).hasSize(64);
        assertThat(letter.get("error").asText()).isEqualTo(problem.get("detail").asText());
        assertThat(node.api().get("/observe/health", null).status()).as("node keeps going").isEqualTo(200);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(MARKER));
        return letter;
    }

    private long openDeadLetters() {
        return node.api().status(TestNode.ADMIN_TOKEN).get("deadLetters").get("open").asLong();
    }
}
