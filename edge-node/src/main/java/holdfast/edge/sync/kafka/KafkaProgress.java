package holdfast.edge.sync.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a lane's delivered progress (highest laneSeq Kafka holds for it) from the compacted progress topic,
 * committed records only. It reads up to the partitions' high watermark, not just to the last stable offset:
 * another node's transaction still open in front of ours would otherwise hide our latest commit and the lane
 * would send its last batch twice. Stateless; each call uses its own consumer.
 */
final class KafkaProgress {

    private KafkaProgress() {
    }

    /** A lane's delivered progress: its highest laneSeq in Kafka and that event's id (null: nothing yet). */
    record Mark(long laneSeq, String eventId) {
        static final Mark NONE = new Mark(0, null);

        byte[] toJson() {
            return ("{\"laneSeq\":" + laneSeq + ",\"eventId\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8);
        }

        static Mark fromJson(ObjectMapper mapper, byte[] json) {
            try {
                JsonNode tree = mapper.readTree(json);
                return new Mark(tree.path("laneSeq").asLong(0), tree.path("eventId").asText(null));
            } catch (IOException e) {
                throw new KafkaException("unreadable progress record", e);
            }
        }
    }

    /** The latest mark recorded under {@code key}, or {@link Mark#NONE} when the lane never delivered anything. */
    static Mark read(ObjectMapper mapper, Admin admin, Properties client, String topic, String key, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> highWatermarks = highWatermarks(admin, topic, timeout);
        Properties p = new Properties();
        p.putAll(client);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("client.id", "holdfast-progress-reader");
        Mark progress = Mark.NONE;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(highWatermarks.keySet());
            consumer.seekToBeginning(highWatermarks.keySet());
            while (!caughtUp(consumer, highWatermarks)) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("progress topic " + topic + " not read to its end within " + timeout
                            + " (a transaction in front of ours is still open)");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (key.equals(r.key()) && r.value() != null) {
                        Mark mark = Mark.fromJson(mapper, r.value());
                        progress = mark.laneSeq() >= progress.laneSeq() ? mark : progress;
                    }
                }
            }
        }
        return progress;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> highWatermarks(Admin admin, String topic, Duration timeout) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("progress topic " + topic + " not described within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted reading progress", e);
        }
    }
}
