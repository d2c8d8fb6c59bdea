package holdfast.edge.sync.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.sync.CloudLaneSeq;
import holdfast.edge.sync.EventResult;
import holdfast.edge.sync.SyncOutcome;
import holdfast.edge.sync.SyncSettings;
import holdfast.edge.sync.Upstream;
import holdfast.edge.sync.UpstreamTrouble;
import holdfast.shared.envelope.Lane;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane's batches as Kafka transactions. The lane's transactional producer ({@code transactional.id}
 * {@code holdfast-{nodeId}-{lane}}) writes a batch's event records and the lane's progress record in one
 * transaction. Before its first batch, and again after any failure, it fences whatever a crashed predecessor
 * left open and reads the committed progress back: events at or below it are answered {@code duplicate}
 * without being sent, so the node's cursor in H2 may lag Kafka and still nothing is lost or doubled.
 * Resends and replays are sent again on purpose and leave the progress alone.
 *
 * <p>Kafka gives no per-event verdict in the send path: every sent event is {@code accepted}; disputes arrive
 * later on the verdict topic ({@link KafkaVerdicts}). Safe for one thread at a time (one lane worker);
 * {@link #close} from any thread.
 */
final class KafkaUpstream implements Upstream {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaUpstream.class);

    private final KafkaSettings settings;
    private final SyncSettings sync;
    private final String nodeId;
    private final Lane lane;
    private final CircuitBreaker breaker;
    private final KafkaCluster cluster;
    private final ObjectMapper mapper;
    private final String laneKey;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile boolean closed;
    private KafkaProgress.Mark delivered = KafkaProgress.Mark.NONE;

    KafkaUpstream(KafkaSettings settings, SyncSettings sync, String nodeId, Lane lane, CircuitBreaker breaker,
                  KafkaCluster cluster, ObjectMapper mapper) {
        this.settings = settings;
        this.sync = sync;
        this.nodeId = nodeId;
        this.lane = lane;
        this.breaker = breaker;
        this.cluster = cluster;
        this.mapper = mapper;
        this.laneKey = KafkaSink.laneKey(nodeId, lane.wireName());
    }

    @Override
    public SyncOutcome send(String batchId, Lane lane, List<byte[]> events) {
        return deliver(events, false);
    }

    @Override
    public SyncOutcome resend(String batchId, Lane lane, List<byte[]> events) {
        return deliver(events, true);
    }

    private SyncOutcome deliver(List<byte[]> events, boolean again) {
        if (closed) {
            return new SyncOutcome.Retry(null, "stopping");
        }
        try {
            return breaker.invoke(() -> events.isEmpty() ? firstContact() : transact(events, again));
        } catch (CircuitBreakerOpenException e) {
            return new SyncOutcome.Retry(null, "circuit breaker open after repeated upstream failures",
                    UpstreamTrouble.UNREACHABLE);
        } catch (KafkaException e) {
            discardProducer();
            return KafkaFailures.classify(e);
        } catch (JournalMismatch e) {
            return new SyncOutcome.Fatal(409, e.getMessage());
        } catch (IllegalStateException e) {
            if (!closed) {
                throw e;
            }
            return new SyncOutcome.Retry(null, "stopping"); // close() closed the producer under this send
        }
    }

    /** The lane's committed progress (read when its producer starts): the highest laneSeq Kafka holds of it. */
    @Override
    public CloudLaneSeq highestSeq(Lane lane) {
        if (closed) {
            return new CloudLaneSeq.Unanswered("stopping");
        }
        try {
            breaker.invoke(this::start);
            return new CloudLaneSeq.Known(delivered.laneSeq());
        } catch (CircuitBreakerOpenException e) {
            return new CloudLaneSeq.Unanswered("circuit breaker open");
        } catch (KafkaException e) {
            discardProducer();
            return new CloudLaneSeq.Unanswered("Kafka: " + e.getClass().getSimpleName());
        } catch (IllegalStateException e) {
            if (!closed) {
                throw e;
            }
            return new CloudLaneSeq.Unanswered("stopping");
        }
    }

    private SyncOutcome firstContact() {
        if (producer == null) {
            start(); // the first probe also fences and reads progress, so the first batch goes straight out
        } else {
            cluster.probe();
        }
        return new SyncOutcome.Answered(List.of());
    }

    private SyncOutcome transact(List<byte[]> events, boolean again) {
        KafkaProducer<String, byte[]> p = start();
        List<EventResult> results = new ArrayList<>(events.size());
        List<EventRecord> toSend = new ArrayList<>(events.size());
        for (byte[] json : events) {
            EventRecord event = EventRecord.of(json);
            if (!again && event.laneSeq() <= delivered.laneSeq()) {
                if (event.laneSeq() == delivered.laneSeq() && !event.eventId().equals(delivered.eventId())) {
                    throw new JournalMismatch(lane, delivered, event.eventId());
                }
                results.add(new EventResult(event.eventId(), EventResult.Verdict.DUPLICATE, null, null));
            } else {
                toSend.add(event);
                results.add(new EventResult(event.eventId(), EventResult.Verdict.ACCEPTED, null, null));
            }
        }
        if (toSend.size() < events.size() && LOG.isInfoEnabled()) {
            LOG.info("event=sync.kafka_already_delivered lane={} count={} deliveredSeq={}", lane.wireName(),
                    events.size() - toSend.size(), delivered.laneSeq());
        }
        if (toSend.isEmpty()) {
            return new SyncOutcome.Answered(results);
        }
        p.beginTransaction();
        for (EventRecord event : toSend) {
            p.send(event.toRecord(settings.topic(), nodeId, lane.wireName()));
        }
        KafkaProgress.Mark mark = null;
        if (!again) {
            EventRecord last = toSend.get(toSend.size() - 1);
            mark = new KafkaProgress.Mark(last.laneSeq(), last.eventId());
            p.send(new ProducerRecord<>(settings.progressTopic(), laneKey, mark.toJson()));
        }
        p.commitTransaction(); // a send that failed surfaces here, and the whole transaction is aborted
        if (mark != null) {
            delivered = mark;
        }
        return new SyncOutcome.Answered(results);
    }

    /** A producer that has fenced its predecessor and knows the lane's committed progress. */
    private KafkaProducer<String, byte[]> start() {
        KafkaProducer<String, byte[]> current = producer;
        if (current != null) {
            return current;
        }
        cluster.ensureTopics();
        Properties p = settings.clientProperties();
        int timeout = (int) sync.requestTimeout().toMillis();
        p.put("client.id", "holdfast-" + nodeId + "-" + lane.wireName());
        p.put("transactional.id", "holdfast-" + nodeId + "-" + lane.wireName());
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.put("max.block.ms", timeout);
        p.put("request.timeout.ms", timeout);
        p.put("delivery.timeout.ms", 2 * timeout + 5);
        p.put("linger.ms", 5);
        // The next transaction of a lane often finds the last one's markers still being written
        // (CONCURRENT_TRANSACTIONS): retry that soon, not after the default 100 ms.
        p.put("retry.backoff.ms", 10);
        p.put("batch.size", 256 * 1024);
        p.put("transaction.timeout.ms", (int) settings.transactionTimeout().toMillis());
        KafkaProducer<String, byte[]> fresh = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        try {
            fresh.initTransactions(); // fences a crashed predecessor and aborts what it left open
            delivered = KafkaProgress.read(mapper, cluster.admin(), settings.clientProperties(),
                    settings.progressTopic(), laneKey, sync.requestTimeout());
        } catch (KafkaException e) {
            fresh.close(Duration.ZERO);
            throw e;
        }
        producer = fresh;
        if (closed) {
            discardProducer(); // close() ran meanwhile: it must not leave this one open
            throw new KafkaException("lane stopping");
        }
        LOG.info("event=sync.kafka_lane_ready lane={} deliveredSeq={}", lane.wireName(), delivered.laneSeq());
        return fresh;
    }

    private void discardProducer() {
        KafkaProducer<String, byte[]> p = producer;
        producer = null;
        if (p != null) {
            p.close(Duration.ZERO); // aborts nothing on the broker by itself; the next initTransactions does
        }
    }

    @Override
    public void close() {
        closed = true;
        discardProducer();
    }

    /** Kafka's progress names another event at its laneSeq: this journal is not the one that delivered. */
    static final class JournalMismatch extends holdfast.edge.HoldfastException {
        JournalMismatch(Lane lane, KafkaProgress.Mark mark, String journalEventId) {
            super("Kafka holds event " + mark.eventId() + " as laneSeq " + mark.laneSeq() + " of lane "
                    + lane.wireName() + " but this node's journal has " + journalEventId + " there (node restored "
                    + "from an older backup, or its node id reused): sending stopped until an operator decides");
        }
    }
}
