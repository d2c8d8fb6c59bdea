package holdfast.simulator.bench;

import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.simulator.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The broker's own producer rate, the Kafka sink's baseline: one transactional producer in this JVM writing
 * the same events (same JSON, key and headers) in transactions of {@code batch} records, as fast as it can.
 */
final class KafkaBaseline {

    private KafkaBaseline() {
    }

    /** Events per second over {@code events} records. */
    static double measure(KafkaBroker broker, int events, int batch, IntFunction<EventEnvelope> envelope)
            throws Exception {
        EnvelopeCodec codec = new EnvelopeCodec();
        String topic = "bench-baseline";
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        Properties p = broker.clientProperties();
        p.put("transactional.id", "bench-baseline");
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.put("linger.ms", 5);
        p.put("batch.size", 256 * 1024);
        // Encoded before the clock starts: the baseline is the producer and broker alone.
        int distinct = Math.min(events, 1_000);
        List<EventEnvelope> pool = new java.util.ArrayList<>(distinct);
        List<byte[]> json = new java.util.ArrayList<>(distinct);
        for (int i = 0; i < distinct; i++) {
            pool.add(envelope.apply(i));
            json.add(codec.encode(pool.get(i)));
        }
        long start;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            start = System.nanoTime();
            for (int i = 0; i < events; i += batch) {
                producer.beginTransaction();
                for (int j = i; j < Math.min(events, i + batch); j++) {
                    EventEnvelope e = pool.get(j % distinct);
                    RecordHeaders h = new RecordHeaders();
                    h.add("eventId", utf8(e.eventId()));
                    h.add("idempotencyKey", utf8(e.idempotencyKey()));
                    h.add("lane", utf8(e.lane().wireName()));
                    h.add("laneSeq", utf8(Long.toString(j + 1)));
                    h.add("kind", utf8(e.kind().wireName()));
                    h.add("nodeId", utf8("bench"));
                    producer.send(new ProducerRecord<>(topic, null, "bench:" + e.lane().wireName(), json.get(j % distinct), h));
                }
                producer.commitTransaction();
            }
        }
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
