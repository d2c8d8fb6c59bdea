package holdfast.edge.sync.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The node's one admin connection to the cluster, shared by the lanes: creates missing topics once, answers
 * the idle probe, and finds the high watermarks the progress read needs. Thread-safe.
 */
final class KafkaCluster implements AutoCloseable {

    private final KafkaSettings settings;
    private final Duration timeout;
    private final Admin admin;
    private volatile boolean topicsReady;

    KafkaCluster(KafkaSettings settings, Duration timeout) {
        this.settings = settings;
        this.timeout = timeout;
        Properties p = settings.clientProperties();
        p.put("client.id", "holdfast-admin");
        p.put("request.timeout.ms", (int) timeout.toMillis());
        p.put("default.api.timeout.ms", (int) timeout.toMillis());
        this.admin = Admin.create(p);
    }

    Admin admin() {
        return admin;
    }

    /** Creates the topics the node writes and reads when they are missing (and creation is on). */
    synchronized void ensureTopics() {
        if (topicsReady) {
            return;
        }
        if (settings.createTopics()) {
            Set<String> existing = await(admin.listTopics().names());
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(settings.topic())) {
                missing.add(new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor()));
            }
            if (!existing.contains(settings.progressTopic())) {
                // One partition: the progress read at start reads it whole; compaction keeps one record per lane.
                missing.add(new NewTopic(settings.progressTopic(), 1, settings.replicationFactor())
                        .configs(Map.of("cleanup.policy", "compact")));
            }
            if (!settings.verdictTopic().isBlank() && !existing.contains(settings.verdictTopic())) {
                missing.add(new NewTopic(settings.verdictTopic(), 1, settings.replicationFactor()));
            }
            if (!missing.isEmpty()) {
                try {
                    await(admin.createTopics(missing).all());
                } catch (TopicExistsException raced) {
                    // another node of the site created it meanwhile: what we wanted
                }
            }
        }
        topicsReady = true;
    }

    /** Throws when the cluster does not answer within the request timeout. */
    void probe() {
        await(admin.describeCluster().nodes());
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("Kafka did not answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
