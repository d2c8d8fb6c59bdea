package holdfast.edge.sync.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import holdfast.edge.sync.SyncSettings;
import holdfast.edge.sync.Upstream;
import holdfast.edge.sync.UpstreamFactory;
import holdfast.shared.envelope.Lane;
import io.helidon.faulttolerance.CircuitBreaker;

/**
 * The Kafka sink: opens each lane's transactional {@link KafkaUpstream} over one shared admin connection.
 * Closed by the composition root after the sync service. Thread-safe.
 */
public final class KafkaSink implements UpstreamFactory, AutoCloseable {

    private final KafkaSettings settings;
    private final SyncSettings sync;
    private final String nodeId;
    private final ObjectMapper mapper;
    private final KafkaCluster cluster;

    public KafkaSink(KafkaSettings settings, SyncSettings sync, String nodeId, ObjectMapper mapper) {
        this.settings = settings;
        this.sync = sync;
        this.nodeId = nodeId;
        this.mapper = mapper;
        this.cluster = new KafkaCluster(settings, sync.requestTimeout());
    }

    @Override
    public Upstream open(Lane lane, CircuitBreaker breaker) {
        return new KafkaUpstream(settings, sync, nodeId, lane, breaker, cluster, mapper);
    }

    @Override
    public Upstream openProbe(CircuitBreaker breaker) {
        return new KafkaReachability(cluster);
    }

    /** The record key of a node's lane, in event records and progress records alike. */
    static String laneKey(String nodeId, String lane) {
        return nodeId + ":" + lane;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
