package holdfast.edge;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.edge.support.ApiClient;
import holdfast.edge.support.ChildNode;
import holdfast.edge.support.JournalScan;
import holdfast.edge.support.Readings;
import holdfast.edge.support.TestNode;
import holdfast.shared.envelope.EventEnvelope;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise under a real crash: every post answered 202 before a SIGKILL is journaled exactly
 * once afterwards, and retrying every request with the same idempotency keys never doubles anything.
 */
class CrashIT {

    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = 2_000;
    private static final int KILL_AFTER_ANSWERED = 10_000;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedPostSurvivesKillNineExactlyOnce() throws Exception {
        Path data = tmp.resolve("node");
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();

        ChildNode child = ChildNode.start(data, Map.of());
        ApiClient api = child.api();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = 0; i < PER_CLIENT; i++) {
                        try {
                            ApiClient.Response r = api.post("/api/v1/observations", TestNode.ADMIN_TOKEN,
                                    body(client, i));
                            answered.incrementAndGet();
                            if (r.status() == 202) {
                                acknowledged.put(key(client, i), r.json().get("eventId").asText());
                            }
                        } catch (UncheckedIOException e) {
                            return; // the node is gone: this client's stream ends here
                        }
                    }
                }));
            }
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (answered.get() < KILL_AFTER_ANSWERED && Instant.now().isBefore(deadline)) {
                running.get(0).isDone(); // poll; the clients do the work
                Thread.onSpinWait();
            }
            assertThat(answered.get()).as("posts answered before the kill").isGreaterThanOrEqualTo(KILL_AFTER_ANSWERED);
            child.kill9();
            for (Future<?> f : running) {
                f.get();
            }
        }
        assertThat(acknowledged.size()).as("posts answered 202 before the kill").isGreaterThanOrEqualTo(KILL_AFTER_ANSWERED);
        assertThat(acknowledged.size()).as("the kill landed mid-stream").isLessThan(CLIENTS * PER_CLIENT);

        Map<String, EventEnvelope> afterCrash = byKey(JournalScan.all(data));
        assertThat(afterCrash.keySet()).containsAll(acknowledged.keySet());
        acknowledged.forEach((key, eventId) -> assertThat(afterCrash.get(key).eventId()).isEqualTo(eventId));

        try (ChildNode restarted = ChildNode.start(data, Map.of());
             ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            ApiClient again = restarted.api();
            List<Future<?>> retries = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                retries.add(clients.submit(() -> {
                    for (int i = 0; i < PER_CLIENT; i++) {
                        ApiClient.Response r = again.post("/api/v1/observations", TestNode.ADMIN_TOKEN, body(client, i));
                        String key = key(client, i);
                        if (acknowledged.containsKey(key)) {
                            assertThat(r.status()).as(key).isEqualTo(200);
                            assertThat(r.json().get("duplicate").asBoolean()).isTrue();
                            assertThat(r.json().get("eventId").asText()).isEqualTo(acknowledged.get(key));
                        } else {
                            assertThat(r.status()).as(key).isIn(200, 202);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : retries) {
                f.get();
            }
        }

        List<EventEnvelope> finalJournal = JournalScan.all(data);
        assertThat(finalJournal).extracting(EventEnvelope::idempotencyKey).doesNotHaveDuplicates();
        // Besides the readings, the journals hold the local alerts their low SpO2 values raised.
        assertThat(finalJournal).filteredOn(e -> e.kind() == holdfast.shared.envelope.EventKind.OBSERVATION)
                .hasSize(CLIENTS * PER_CLIENT);
    }

    private static String key(int client, int i) {
        return "http:dev-" + client + ":m-" + i;
    }

    private static String body(int client, int i) {
        return i % 10 == 0 ? Readings.reading("dev-" + client, "m-" + i, "59408-5", 80, null)
                : Readings.heartRate("dev-" + client, "m-" + i);
    }

    private static Map<String, EventEnvelope> byKey(List<EventEnvelope> events) {
        assertThat(events).extracting(EventEnvelope::idempotencyKey).doesNotHaveDuplicates();
        return events.stream().collect(Collectors.toMap(EventEnvelope::idempotencyKey, Function.identity()));
    }
}
