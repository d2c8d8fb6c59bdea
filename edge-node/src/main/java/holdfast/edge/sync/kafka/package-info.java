/**
 * The Kafka upstream: a site whose platform is a Kafka cluster ({@code upstream.url: kafka://host:port,...})
 * gets each lane's batches as Kafka transactions, exactly once across crashes. Each lane has its own
 * transactional producer; a batch's event records and the lane's progress record (highest laneSeq) commit
 * together, and the progress read back at start tells which events Kafka already holds, so the node's own
 * cursor may lag Kafka without losing or doubling anything. Disputed verdicts come back on a verdict topic and
 * open reconciliations as the HTTP protocol's do. {@link holdfast.edge.sync.kafka.KafkaSink} is the entry point.
 */
package holdfast.edge.sync.kafka;
