package holdfast.edge.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.support.HostileBodies;
import holdfast.edge.support.Ports;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestDevice;
import holdfast.edge.support.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The MQTT channel against the node's own embedded broker (HiveMQ CE, in this JVM): invalid messages become
 * dead letters with context and are acknowledged (a poison message is not redelivered), the node keeps
 * going, no payload reaches a log line; repeated messageIds are journaled once; the link shows in status,
 * health and metrics.
 */
class MqttIngestIT {

    /** Stands in for patient-identifying text: it must never reach a log line. */
    private static final String MARKER = "ZZPATIENTNAMEZZ";

    @TempDir
    static Path data;
    static TestNode node;
    static TestDevice device;
    static int brokerPort;
    static ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void start() throws Exception {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        int port = Ports.free();
        node = TestNode.start(data, Map.of("mqtt.embedded-broker.port", String.valueOf(port)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONNECTED".equals(mqtt().get("state").asText()));
        brokerPort = port;
        device = TestDevice.provisioned(node, port, "mon-1");
    }

    @AfterAll
    static void stop() throws Exception {
        device.close();
        node.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json " + MARKER,
        "{\"messageId\":\"m1\",\"deviceId\":\"mon-1\",\"observedAt\":\"@OBSERVED@\",\"observations\":"
                + "[{\"code\":\"8867-4\",\"value\":\"" + MARKER + "\"}]}",
        "{\"messageId\":\"m2\",\"deviceId\":42,\"observedAt\":\"@OBSERVED@\",\"observations\":"
                + "[{\"code\":\"8867-4\",\"value\":1}]}",
        "{\"messageId\":\"m3\",\"bed\":\"" + MARKER + "\",\"observedAt\":\"@OBSERVED@\",\"observations\":"
                + "[{\"code\":\"8867-4\",\"value\":1}]}",
        "{\"deviceId\":\"mon-1\",\"observedAt\":\"@OBSERVED@\",\"observations\":"
                + "[{\"code\":\"8867-4\",\"value\":1,\"unit\":\"" + MARKER + "\"}]}",
        "{\"messageId\":\"m4\",\"deviceId\":\"mon-2\",\"observedAt\":\"@OBSERVED@\",\"observations\":"
                + "[{\"code\":\"8867-4\",\"value\":1,\"unit\":\"" + MARKER + "\"}]}"})
    void invalidMessageIsDeadLetteredAcknowledgedAndNeverLogged(String body) throws Exception {
        JsonNode letter = assertDeadLetteredAndAcknowledged(body.replace("@OBSERVED@", Readings.OBSERVED_AT.toString())
                .getBytes(StandardCharsets.UTF_8));
        assertThat(letter.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void payloadDeviceIdMustMatchTheTopic() throws Exception {
        JsonNode letter = assertDeadLetteredAndAcknowledged(Readings.heartRate("mon-2", "m-mismatch")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(letter.get("error").asText()).contains("does not match the topic");
    }

    @Test
    void oneMegabyteMessageIsDeadLetteredTruncated() throws Exception {
        byte[] body = ("{\"messageId\":\"big\",\"deviceId\":\"mon-1\",\"note\":\"" + MARKER.repeat(70_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(1_000_000);
        JsonNode letter = assertDeadLetteredAndAcknowledged(body);
        assertThat(letter.get("truncated").asBoolean()).isTrue();
        assertThat(letter.get("payloadSize").asInt()).isEqualTo(body.length);
        assertThat(letter.get("error").asText()).contains("larger than the limit of 65536 bytes");
    }

    @Test
    void invalidUtf8IsDeadLettered() throws Exception {
        byte[] body = Readings.heartRate("mon-1", "m-utf8").getBytes(StandardCharsets.UTF_8);
        body[5] = (byte) 0xFF;
        JsonNode letter = assertDeadLetteredAndAcknowledged(body);
        assertThat(letter.get("error").asText()).isEqualTo("body is not valid UTF-8");
    }

    @Test
    void repeatedMessageIdIsJournaledOnce() throws Exception {
        long appendedBefore = appended();
        long duplicatesBefore = counter("holdfast_mqtt_acknowledged_total{outcome=\"duplicate\"}");
        byte[] body = Readings.heartRate("mon-dup", "m-1").getBytes(StandardCharsets.UTF_8);
        try (TestDevice dup = TestDevice.provisioned(node, brokerPort, "mon-dup")) {
            for (int i = 0; i < 5; i++) {
                dup.publish(TestDevice.observations("mon-dup"), body);
            }
            dup.publish(TestDevice.observations("mon-dup"), Readings.heartRate("mon-dup", "m-2")
                    .getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(20)).until(() ->
                counter("holdfast_mqtt_acknowledged_total{outcome=\"duplicate\"}") - duplicatesBefore == 4
                        && appended() - appendedBefore == 2);
    }

    @Test
    void whatFollowsTheDurableAppendRunsOnAnAcknowledgingThreadNotTheJournalWriter() throws Exception {
        // The pipeline's accepted line is written after the key's claim and the hooks, on the thread that ran them.
        Logger pipeline = (Logger) LoggerFactory.getLogger(holdfast.edge.ingest.IngestPipeline.class);
        ListAppender<ILoggingEvent> accepted = new ListAppender<>();
        accepted.start();
        Level level = pipeline.getLevel();
        pipeline.setLevel(Level.DEBUG);
        pipeline.addAppender(accepted);
        try (TestDevice a = TestDevice.provisioned(node, brokerPort, "mon-thread-a");
             TestDevice b = TestDevice.provisioned(node, brokerPort, "mon-thread-b")) {
            long acknowledgedBefore = counter("holdfast_mqtt_acknowledged_total{outcome=\"accepted\"}");
            for (int i = 0; i < 5; i++) {
                a.publish(TestDevice.observations("mon-thread-a"), Readings.heartRate("mon-thread-a", "t-" + i)
                        .getBytes(StandardCharsets.UTF_8));
                b.publish(TestDevice.observations("mon-thread-b"), Readings.heartRate("mon-thread-b", "t-" + i)
                        .getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    counter("holdfast_mqtt_acknowledged_total{outcome=\"accepted\"}") - acknowledgedBefore == 10);
        } finally {
            pipeline.detachAppender(accepted);
            pipeline.setLevel(level);
        }
        assertThat(accepted.list).filteredOn(e -> e.getFormattedMessage().startsWith("event=ingest.accepted"))
                .hasSizeGreaterThanOrEqualTo(10)
                .extracting(ILoggingEvent::getThreadName)
                .allSatisfy(thread -> assertThat(thread).startsWith("mqtt-ack-").doesNotStartWith("journal-writer"));
    }

    @Test
    void hostileMessagesFromOneDeviceNeverStopReadingsFromAnother() throws Exception {
        long appendedBefore = appended();
        long deadLetteredBefore = counter("holdfast_mqtt_acknowledged_total{outcome=\"deadletter\"}");
        int hostile = 5 * HostileBodies.KINDS;
        SplittableRandom random = new SplittableRandom(11);
        try (TestDevice good = TestDevice.provisioned(node, brokerPort, "mon-good")) {
            for (int i = 0; i < hostile; i++) {
                device.publish(TestDevice.observations("mon-1"), HostileBodies.body(i, random));
                if (i % 2 == 0) { // interleaved: each valid reading queued behind hostile ones
                    good.publish(TestDevice.observations("mon-good"),
                            Readings.heartRate("mon-good", "good-" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> appended() - appendedBefore == hostile / 2
                && counter("holdfast_mqtt_acknowledged_total{outcome=\"deadletter\"}") - deadLetteredBefore == hostile);
        assertThat(counter("holdfast_mqtt_held_total")).as("nothing left with the broker").isZero();
        assertThat(counter("holdfast_mqtt_backpressure_pauses_total")).as("never paused").isZero();
        assertThat(counter("holdfast_ingest_handler_failures{channel=\"mqtt\"}")).isZero();
        assertThat(node.api().get("/observe/health", null).status()).isEqualTo(200);
        assertThat(mqtt().get("state").asText()).isEqualTo("CONNECTED");
    }

    @Test
    void brokerLinkShowsInStatusHealthAndMetrics() {
        JsonNode mqtt = mqtt();
        assertThat(mqtt.get("state").asText()).isEqualTo("CONNECTED");
        assertThat(mqtt.get("url").asText()).startsWith("tcp://127.0.0.1:");
        assertThat(mqtt.get("clientId").asText()).isEqualTo("holdfast-edge-1");
        String health = node.api().get("/observe/health", null).body();
        assertThat(health).contains("\"mqtt\"").contains("CONNECTED");
        assertThat(counter("holdfast_mqtt_connected")).isEqualTo(1);
    }

    private JsonNode assertDeadLetteredAndAcknowledged(byte[] body) throws Exception {
        long before = openDeadLetters();
        long ackedBefore = counter("holdfast_mqtt_acknowledged_total{outcome=\"deadletter\"}");
        device.publish(TestDevice.observations("mon-1"), body);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                counter("holdfast_mqtt_acknowledged_total{outcome=\"deadletter\"}") == ackedBefore + 1);
        assertThat(openDeadLetters()).isEqualTo(before + 1);
        JsonNode letter = node.api().get("/api/v1/dead-letters?status=open&limit=1", TestNode.ADMIN_TOKEN)
                .json().get("items").get(0);
        assertThat(letter.get("channel").asText()).isEqualTo("mqtt");
        assertThat(letter.get("correlationId").asText()).isNotBlank();
        assertThat(letter.get("payloadSha256").asText()).hasSize(64);
        assertThat(letter.get("error").asText()).isNotBlank().doesNotContain(MARKER);
        assertThat(counter("holdfast_mqtt_held_total")).as("nothing held back").isZero();
        assertThat(node.api().get("/observe/health", null).status()).as("node keeps going").isEqualTo(200);
        assertThat(mqtt().get("state").asText()).isEqualTo("CONNECTED");
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(MARKER));
        return letter;
    }

    private static JsonNode mqtt() {
        return node.api().status(TestNode.ADMIN_TOKEN).get("mqtt");
    }

    private static long openDeadLetters() {
        return node.api().status(TestNode.ADMIN_TOKEN).get("deadLetters").get("open").asLong();
    }

    private static long appended() {
        long sum = 0;
        for (JsonNode lane : node.api().status(TestNode.ADMIN_TOKEN).get("lanes")) {
            sum += lane.get("appended").asLong();
        }
        return sum;
    }

    static long counter(String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$")
                .matcher(node.api().get("/observe/metrics", null).body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
