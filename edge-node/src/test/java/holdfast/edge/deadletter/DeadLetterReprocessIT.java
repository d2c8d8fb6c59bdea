package holdfast.edge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.audit.AuditEntry;
import holdfast.edge.audit.H2AuditLog;
import holdfast.edge.idempotency.ContentHash;
import holdfast.edge.store.Database;
import holdfast.edge.support.ApiClient;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reprocessing dead letters through the real ingest pipeline of a real node. */
class DeadLetterReprocessIT {

    private static final String REASON = "{\"reason\":\"vendor fixed the feed; take it in\"}";

    @TempDir
    Path data;

    @Test
    void inputStillInvalidStaysOpenWithTheNewErrorAndTheAttemptIsAudited() {
        try (TestNode node = TestNode.start(data)) {
            ApiClient api = node.api();
            assertThat(api.post("/api/v1/observations", TestNode.ADMIN_TOKEN, "{\"messageId\":7}").status())
                    .isEqualTo(400);
            long id = api.get("/api/v1/dead-letters?status=open", TestNode.ADMIN_TOKEN).json().get("items").get(0)
                    .get("id").asLong();
            String viewer = token(api, "viewer");
            String operator = token(api, "operator");

            assertThat(api.post(reprocess(id), viewer, REASON).status()).isEqualTo(403);
            assertThat(api.post(reprocess(id), operator, "{}").status()).isEqualTo(400);
            assertThat(api.post(reprocess(999), operator, REASON).status()).isEqualTo(404);
            ApiClient.Response again = api.post(reprocess(id), operator, REASON);
            assertThat(again.status()).as(again.body()).isEqualTo(422);
            assertThat(again.json().get("detail").asText()).contains("stays open").contains("messageId");

            JsonNode letter = api.get("/api/v1/dead-letters/" + id, viewer).json();
            assertThat(letter.get("status").asText()).isEqualTo("open");
            assertThat(letter.get("error").asText()).contains("messageId must be a string");
            assertThat(api.status(viewer).get("deadLetters").get("open").asLong()).isEqualTo(1);
        }
        assertThat(auditActions()).contains("deadletter.reprocess_failed");
    }

    @Test
    void validInputIsJournaledOnceHoweverOftenItIsReprocessed() {
        byte[] reading = Readings.heartRate("mon-51", "m-1").getBytes(StandardCharsets.UTF_8);
        byte[] alarm = Readings.reading("mon-52", "a-1", "8867-4", 180, null).getBytes(StandardCharsets.UTF_8);
        long first;
        long second;
        long fromMqtt;
        long truncated;
        // As kept by a node whose checks refused this input at the time (e.g. an older version's parser).
        try (Database database = new Database(data.resolve("db").resolve("holdfast"))) {
            H2DeadLetters letters = new H2DeadLetters(database, new H2AuditLog(database, Clock.systemUTC()),
                    Clock.systemUTC());
            first = letters.record(letter("http", "mon-51", reading, false, null));
            assertThat(letters.record(letter("http", "mon-51", reading, false, null)))
                    .as("the same bytes again count on the open dead letter").isEqualTo(first);
            assertThat(letters.find(first).orElseThrow().repeats()).isEqualTo(1);
            // The same reading (same key) sent again with other bytes is a dead letter of its own.
            byte[] respaced = (new String(reading, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
            second = letters.record(letter("http", "mon-51", respaced, false, null));
            assertThat(second).isNotEqualTo(first);
            fromMqtt = letters.record(letter("mqtt", "mon-52", alarm, false, "holdfast/v1/devices/mon-52/alarms"));
            truncated = letters.record(letter("http", "mon-51", java.util.Arrays.copyOf(reading, 20), true, null));
        }
        try (TestNode node = TestNode.start(data)) {
            ApiClient api = node.api();
            String operator = token(api, "operator");

            ApiClient.Response done = api.post(reprocess(first), operator, REASON);
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            assertThat(done.json().get("status").asText()).isEqualTo("reprocessed");
            assertThat(done.json().get("resolvedBy").asText()).isEqualTo("dl-operator");
            String eventId = done.json().get("reprocessedEventId").asText();
            assertThat(eventId).isNotBlank();

            assertThat(api.post(reprocess(first), operator, REASON).status()).isEqualTo(409);
            ApiClient.Response twin = api.post(reprocess(second), operator, REASON);
            assertThat(twin.status()).as(twin.body()).isEqualTo(200);
            assertThat(twin.json().get("reprocessedEventId").asText()).as("same key, same event").isEqualTo(eventId);

            ApiClient.Response alarmDone = api.post(reprocess(fromMqtt), operator, REASON);
            assertThat(alarmDone.status()).as(alarmDone.body()).isEqualTo(200);

            ApiClient.Response part = api.post(reprocess(truncated), operator, REASON);
            assertThat(part.status()).isEqualTo(409);
            assertThat(part.json().get("detail").asText()).contains("send it again");

            JsonNode status = api.status(operator);
            assertThat(status.get("lanes").get(1).get("appended").asLong()).as("standard lane").isEqualTo(1);
            assertThat(status.get("lanes").get(0).get("appended").asLong()).as("critical lane: the alarm")
                    .isPositive();
            assertThat(status.get("deadLetters").get("open").asLong()).isEqualTo(1);
            assertThat(api.get("/api/v1/dead-letters?status=reprocessed", operator).json().get("items")).hasSize(3);
        }
        assertThat(auditActions()).filteredOn("deadletter.reprocess"::equals).hasSize(3);
    }

    private static DeadLetter letter(String channel, String device, byte[] raw, boolean truncated, String origin) {
        return new DeadLetter(Instant.now(), channel, device, "corr-" + System.nanoTime(), null, ContentHash.of(raw),
                raw.length, "application/json", "refused by an earlier check", null, raw, truncated, origin);
    }

    private List<String> auditActions() {
        try (Database database = new Database(data.resolve("db").resolve("holdfast"))) {
            return new H2AuditLog(database, Clock.systemUTC()).between(Instant.EPOCH, Instant.now().plusSeconds(60),
                    1000).stream().map(AuditEntry::action).toList();
        }
    }

    private static String reprocess(long id) {
        return "/api/v1/dead-letters/" + id + "/reprocess";
    }

    private static String token(ApiClient api, String role) {
        return api.post("/api/v1/tokens", TestNode.ADMIN_TOKEN, "{\"role\":\"" + role + "\",\"name\":\"dl-" + role
                + "\"}").json().get("token").asText();
    }
}
