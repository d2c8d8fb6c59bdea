package holdfast.edge.sync.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.HoldfastException;
import holdfast.edge.idempotency.IdempotencyIndex;
import holdfast.edge.idempotency.KnownEvent;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.store.Database;
import holdfast.edge.sync.Dispute;
import holdfast.edge.sync.DisputeRecorder;
import holdfast.edge.sync.EventResult;
import holdfast.edge.threads.ThreadFailures;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the platform's disputes from the verdict topic and opens reconciliations, as a {@code conflict} or
 * {@code rejected} answer of the HTTP protocol does. A verdict is a JSON record
 * {@code {"nodeId","eventId","idempotencyKey","status":"conflict|rejected","reason","cloud":{...}}}; records for
 * other nodes, other statuses or events this node does not know are counted and skipped. The consumer's offsets
 * are committed only after the reconciliations are durable in H2, and a verdict read twice opens one
 * reconciliation, so none is lost or doubled across a crash. One thread of its own; thread-safe.
 */
public final class KafkaVerdicts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaVerdicts.class);

    private final KafkaSettings settings;
    private final String nodeId;
    private final LaneJournals journals;
    private final IdempotencyIndex index;
    private final Database database;
    private final DisputeRecorder disputes;
    private final ObjectMapper mapper;
    private static final String THREAD = "kafka-verdicts";
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final Thread thread;
    private final ThreadFailures failures;
    private volatile KafkaConsumer<String, byte[]> consumer;

    private KafkaVerdicts(KafkaSettings settings, String nodeId, LaneJournals journals, IdempotencyIndex index,
                          Database database, DisputeRecorder disputes, ObjectMapper mapper, ThreadFailures failures) {
        this.failures = failures;
        this.settings = settings;
        this.nodeId = nodeId;
        this.journals = journals;
        this.index = index;
        this.database = database;
        this.disputes = disputes;
        this.mapper = mapper;
        this.thread = failures.platform(THREAD).unstarted(this::run);
    }

    /** The verdict reader; it reads nothing until {@link #start()}. */
    public static KafkaVerdicts build(KafkaSettings settings, String nodeId, LaneJournals journals,
                                      IdempotencyIndex index, Database database, DisputeRecorder disputes,
                                      ObjectMapper mapper, ThreadFailures failures) {
        return new KafkaVerdicts(settings, nodeId, journals, index, database, disputes, mapper, failures);
    }

    /** Starts reading the verdict topic, unless none is configured (then nothing runs). */
    public synchronized void start() {
        if (!settings.verdictTopic().isBlank() && thread.getState() == Thread.State.NEW && stopped.getCount() > 0) {
            thread.start();
        }
    }

    /** Reconciliations opened from verdicts. */
    public long opened() {
        return opened.get();
    }

    /** Verdict records skipped: another node's, unreadable, or about an event this node does not know. */
    public long skipped() {
        return skipped.get();
    }

    private void run() {
        long backoffMs = 250;
        while (stopped.getCount() > 0) {
            try {
                consume();
            } catch (WakeupException e) {
                return; // close() woke the poll
            } catch (KafkaException | HoldfastException e) {
                // Top of the thread: log once per failure, wait, start again; verdicts wait in Kafka meanwhile.
                LOG.warn("event=sync.kafka_verdicts_failed error={}", e.toString());
                backoffMs = Math.min(backoffMs * 2, 30_000);
            } catch (RuntimeException e) {
                // An outage above is expected and only logged; anything else is a failure of this thread.
                failures.failed(THREAD, e);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
            try {
                if (stopped.await(backoffMs, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void consume() {
        Properties p = settings.clientProperties();
        p.put("group.id", "holdfast-" + nodeId + "-verdicts");
        p.put("client.id", "holdfast-" + nodeId + "-verdicts");
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (stopped.getCount() == 0) {
                return;
            }
            c.subscribe(List.of(settings.verdictTopic()));
            while (stopped.getCount() > 0) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<Dispute> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    dispute(r.value()).ifPresentOrElse(batch::add, skipped::incrementAndGet);
                }
                record(batch);
                c.commitSync(); // only now: the reconciliations are durable
            }
        } finally {
            consumer = null;
        }
    }

    private Optional<Dispute> dispute(byte[] value) {
        JsonNode v;
        try {
            v = value == null ? null : mapper.readTree(value);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (v == null || !nodeId.equals(v.path("nodeId").asText())) {
            return Optional.empty();
        }
        EventResult.Verdict verdict = switch (v.path("status").asText()) {
            case "conflict" -> EventResult.Verdict.CONFLICT;
            case "rejected" -> EventResult.Verdict.REJECTED;
            default -> null;
        };
        String eventId = v.path("eventId").asText(null);
        Optional<KnownEvent> known = index.find(v.path("idempotencyKey").asText(""));
        if (verdict == null || known.isEmpty() || !known.get().eventId().equals(eventId)) {
            return Optional.empty();
        }
        KnownEvent k = known.get();
        try (JournalReader reader = journals.of(k.lane()).readerAt(k.journalIndex())) {
            JournalEntry entry = reader.next();
            if (entry == null || !entry.event().eventId().equals(eventId)) {
                return Optional.empty(); // no longer in the journal (retention): nothing to reconcile against
            }
            JsonNode cloud = v.get("cloud");
            return Optional.of(new Dispute(entry.event(), k.journalIndex(), verdict,
                    v.hasNonNull("reason") ? v.get("reason").asText() : null,
                    cloud == null || cloud.isNull() ? null : cloud));
        }
    }

    private void record(List<Dispute> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int count = database.transaction("cannot record verdicts from Kafka", tx -> {
            List<Dispute> fresh = new ArrayList<>();
            for (Dispute d : batch) {
                if (!disputes.hasOpen(tx, d.event().eventId())
                        && fresh.stream().noneMatch(f -> f.event().eventId().equals(d.event().eventId()))) {
                    fresh.add(d);
                }
            }
            disputes.record(tx, fresh);
            return fresh.size();
        });
        opened.addAndGet(count);
        LOG.info("event=sync.kafka_verdicts count={} opened={}", batch.size(), count);
    }

    @Override
    public void close() {
        stopped.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
