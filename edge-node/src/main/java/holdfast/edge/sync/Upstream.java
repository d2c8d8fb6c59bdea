package holdfast.edge.sync;

import holdfast.shared.envelope.Lane;
import java.util.List;
import java.util.UUID;

/**
 * The cloud, as the sync workers see it: one batch of one lane in, one classified outcome out. Failures are
 * outcomes, never exceptions. Each lane worker owns its own instance (its own connection), so implementations
 * need only be safe for one thread at a time.
 */
public interface Upstream extends AutoCloseable {

    /**
     * Sends the already-encoded envelopes (contract §5 event JSON, journal order) as one batch.
     *
     * @throws InterruptedException when the worker is being stopped
     */
    SyncOutcome send(String batchId, Lane lane, List<byte[]> events) throws InterruptedException;

    /**
     * A cheap "are you there?" while the link is lost: by default an empty critical batch. An implementation with
     * a circuit breaker should let the probe past it, since noticing the cloud's return is the probe's whole job.
     *
     * @throws InterruptedException when the node is stopping
     */
    default SyncOutcome probe() throws InterruptedException {
        return send(UUID.randomUUID().toString(), Lane.CRITICAL, List.of());
    }

    /**
     * Sends events that were synced before (an operator's resend, an admin replay). A sink that skips events
     * it already holds (Kafka, by laneSeq) must send these anyway; for the others it is {@link #send}.
     *
     * @throws InterruptedException when the worker is being stopped
     */
    default SyncOutcome resend(String batchId, Lane lane, List<byte[]> events) throws InterruptedException {
        return send(batchId, lane, events);
    }

    /**
     * A node restored from a backup asks, once per lane, for the highest laneSeq the cloud holds of that lane
     * from this node, and continues above it. By default the upstream keeps none ({@link CloudLaneSeq.NotKept}).
     *
     * @throws InterruptedException when the worker is being stopped
     */
    default CloudLaneSeq highestSeq(Lane lane) throws InterruptedException {
        return new CloudLaneSeq.NotKept("this upstream keeps no laneSeq");
    }

    /** Aborts a request in flight (the worker is stopping) and releases the connection. */
    @Override
    void close();
}
