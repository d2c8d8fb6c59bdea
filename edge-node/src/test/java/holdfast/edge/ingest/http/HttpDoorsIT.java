package holdfast.edge.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.ApiClient.Response;
import holdfast.edge.support.HostileBodies;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP channel tried as an attacker and a sloppy sender would: a caller's idempotency key cannot reach into
 * another sender's namespace, content that is not a sane reading is refused (400/415 problem with a correlation
 * id, kept as a dead letter), and a stream of hostile bodies never stops valid readings from another device.
 */
class HttpDoorsIT {

    @TempDir
    Path data;

    @Test
    void squatterCannotMakeAnotherSendersReadingLookLikeARepeat() {
        try (TestNode node = TestNode.start(data)) {
            String squatter = node.api().issueToken(TestNode.ADMIN_TOKEN, "device", "mon-07");
            String victim = node.api().issueToken(TestNode.ADMIN_TOKEN, "device", "mon-01");
            long deadLettersBefore = openDeadLetters(node);
            List<String> keys = List.of("http:mon-01:victim", "mqtt:mon-01:mon-01-000001", "hl7:LAB:GENHOSP:CTRL-1",
                    "reconcile:1", "http:mon-01:", "other:mon-07:x");
            for (String key : keys) {
                // Each attempt with bytes of its own, so each is a dead letter of its own (a byte-identical
                // resend would count as a repeat of the first).
                Response r = node.api().post("/api/v1/observations", squatter,
                        Readings.heartRate("mon-07", "sq-1-" + keys.indexOf(key)), "Idempotency-Key", key);
                assertThat(r.status()).as(key).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().get("correlationId").asText()).isNotBlank();
            }
            // Nor can it plant another device's reading as a dead letter for an operator to reprocess.
            assertThat(node.api().postAs("/api/v1/observations", squatter, "text/plain",
                    Readings.heartRate("mon-01", "planted").getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(403);
            assertThat(node.api().post("/api/v1/observations", squatter, "{\"deviceId\":\"mon-01\",\"messageId\":1}")
                    .status()).isEqualTo(403);
            assertThat(openDeadLetters(node)).isEqualTo(deadLettersBefore + 6);
            // A key of its own is fine, and lives in its own namespace: the same bare key from mon-01 is new.
            assertThat(node.api().post("/api/v1/observations", squatter, Readings.heartRate("mon-07", "sq-2"),
                    "Idempotency-Key", "shared").status()).isEqualTo(202);
            assertThat(node.api().post("/api/v1/observations", squatter, Readings.heartRate("mon-07", "sq-3"),
                    "Idempotency-Key", "http:mon-07:mine").status()).isEqualTo(202);

            // The victim's real readings are journaled, none answered "duplicate".
            Response real = node.api().post("/api/v1/observations", victim, Readings.heartRate("mon-01", "victim"));
            assertThat(real.status()).as(real.body()).isEqualTo(202);
            assertThat(node.api().post("/api/v1/observations", victim, Readings.heartRate("mon-01", "v-2"),
                    "Idempotency-Key", "shared").status()).isEqualTo(202);
        }
        Map<String, EventEnvelope> byKey = JournalScan.all(data).stream()
                .collect(Collectors.toMap(EventEnvelope::idempotencyKey, e -> e));
        assertThat(byKey).containsOnlyKeys("http:mon-07:shared", "http:mon-07:mine", "http:mon-01:victim",
                "http:mon-01:shared");
        assertThat(byKey.get("http:mon-01:victim").source().system()).isEqualTo("mon-01");
    }

    @Test
    void contentPolicyRefusesNonJsonTypesNonFiniteNumbersAndImplausibleTimes() {
        try (TestNode node = TestNode.start(data)) {
            byte[] valid = Readings.heartRate("mon-1", "ct-1").getBytes(StandardCharsets.UTF_8);
            for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded",
                    "application/json; charset=iso-8859-1"}) {
                Response r = node.api().postAs("/api/v1/observations", TestNode.ADMIN_TOKEN, type, valid);
                assertThat(r.status()).as(String.valueOf(type)).isEqualTo(415);
                assertThat(r.json().get("correlationId").asText()).isNotBlank();
            }
            assertThat(node.api().postAs("/api/v1/observations", TestNode.ADMIN_TOKEN,
                    "application/json; charset=UTF-8", valid).status()).isEqualTo(202);

            assertRefused(node, Readings.reading("mon-1", "inf", "8867-4", 72, null).replace("72.0", "1e400"),
                    "finite");
            Instant now = Instant.now();
            for (String at : List.of("9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
                    now.plus(Duration.ofHours(1)).toString(), now.minus(Duration.ofDays(31)).toString())) {
                assertRefused(node, Readings.heartRate("mon-1", "t-" + at.hashCode())
                        .replace(Readings.OBSERVED_AT.toString(), at), "observedAt");
            }
        }
        assertThat(JournalScan.all(data)).extracting(EventEnvelope::idempotencyKey)
                .filteredOn(k -> k.startsWith("http:")).containsExactly("http:mon-1:ct-1");
    }

    @Test
    void hostileBodiesNeverStopValidReadingsFromAnotherDevice() throws Exception {
        try (TestNode node = TestNode.start(data)) {
            ExecutorService senders = Executors.newFixedThreadPool(2);
            try {
                Future<List<Integer>> hostile = senders.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    SplittableRandom random = new SplittableRandom(42);
                    for (int i = 0; i < 200; i++) {
                        Response r = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                                HostileBodies.body(i, random));
                        assertThat(r.contentType()).as("answer %d", i).startsWith("application/problem+json");
                        assertThat(r.json().get("correlationId").asText()).isNotBlank();
                        statuses.add(r.status());
                    }
                    return statuses;
                });
                Future<Integer> valid = senders.submit(() -> {
                    int accepted = 0;
                    for (int i = 0; i < 50; i++) {
                        Response r = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                                Readings.heartRate("mon-good", "good-" + i));
                        accepted += r.status() == 202 ? 1 : 0;
                    }
                    return accepted;
                });
                assertThat(hostile.get(120, TimeUnit.SECONDS)).as("every hostile body refused as invalid, never 500")
                        .containsOnly(400);
                assertThat(valid.get(120, TimeUnit.SECONDS)).isEqualTo(50);
            } finally {
                senders.shutdownNow();
            }
            assertThat(node.api().get("/observe/health", null).status()).isEqualTo(200);
            assertThat(deadLetterArrivals(node)).as("every hostile body kept: a dead letter or a repeat of one")
                    .isEqualTo(200);
            assertThat(counter(node, "holdfast_ingest_handler_failures{channel=\"http\"}")).isZero();
        }
        // Device readings only: the node's own events (an operator alert about the dead letters) may sit beside them.
        assertThat(JournalScan.all(data).stream().filter(e -> e.idempotencyKey().startsWith("http:"))).hasSize(50);
    }

    private static void assertRefused(TestNode node, String body, String detail) {
        Response r = node.api().post("/api/v1/observations", TestNode.ADMIN_TOKEN, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains(detail);
    }

    /** Open dead letters counted with their repeats: how many refused inputs the node kept. */
    private static long deadLetterArrivals(TestNode node) {
        long arrivals = 0;
        for (var letter : node.api().get("/api/v1/dead-letters?status=open&limit=1000", TestNode.ADMIN_TOKEN).json()
                .get("items")) {
            arrivals += 1 + letter.path("repeats").asLong();
        }
        return arrivals;
    }

    private static long openDeadLetters(TestNode node) {
        return node.api().status(TestNode.ADMIN_TOKEN).get("deadLetters").get("open").asLong();
    }

    private static long counter(TestNode node, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$")
                .matcher(node.api().get("/observe/metrics", null).body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
