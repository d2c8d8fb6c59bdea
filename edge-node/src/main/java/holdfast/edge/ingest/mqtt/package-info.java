/**
 * Bedside devices over MQTT (contract §2): a persistent-session, manual-ack subscriber that acknowledges a
 * message only once the ingest pipeline has made it durable (journal or dead letter), leaves it with the
 * broker under back-pressure, and reconnects by itself with backoff and jitter.
 */
package holdfast.edge.ingest.mqtt;
