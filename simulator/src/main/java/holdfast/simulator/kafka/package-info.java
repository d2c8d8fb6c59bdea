/**
 * A real Kafka broker (KRaft, the production broker code) on loopback, for the demo, the drain bench and the
 * Kafka sink tests. It never runs inside the edge node, which only has the Kafka clients.
 */
package holdfast.simulator.kafka;
