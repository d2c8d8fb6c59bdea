/**
 * The embedded MQTT broker (HiveMQ CE) the node starts for bedside devices when
 * {@code mqtt.embedded-broker.port} is not 0: its settings, its generated {@code config.xml} and its doors
 * (API tokens as MQTT passwords, per-role topic permissions, the node's reserved client ids). The node's own
 * clients talk to it over loopback like any other client, with a credential made at start and kept in memory.
 */
package holdfast.edge.broker;
