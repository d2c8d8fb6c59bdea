package holdfast.edge.sync.kafka;

import holdfast.edge.sync.SyncOutcome;
import holdfast.edge.sync.Upstream;
import holdfast.edge.sync.UpstreamTrouble;
import holdfast.shared.envelope.Lane;
import java.util.List;
import org.apache.kafka.common.KafkaException;

/**
 * The link probe's view of a Kafka cluster: is it there (a metadata request through the shared admin client)? It
 * holds no producer, so probing never fences a lane's transactional producer, and it never sends events.
 * Thread-safe.
 */
final class KafkaReachability implements Upstream {

    private final KafkaCluster cluster;

    KafkaReachability(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public SyncOutcome send(String batchId, Lane lane, List<byte[]> events) {
        if (!events.isEmpty()) {
            throw new IllegalStateException("the Kafka link probe never sends events");
        }
        return probe();
    }

    @Override
    public SyncOutcome probe() {
        try {
            cluster.probe();
            return new SyncOutcome.Answered(List.of());
        } catch (KafkaException e) {
            return new SyncOutcome.Retry(null, "Kafka cluster unreachable: " + e.getClass().getSimpleName(),
                    UpstreamTrouble.UNREACHABLE);
        }
    }

    @Override
    public void close() {
        // the cluster's admin client belongs to the sink
    }
}
