/**
 * The embedded MQTT broker (HiveMQ CE) the node starts for bedside devices when
 * {@code mqtt.embedded-broker.port} is not 0: its settings, its generated {@code config.xml} and its
 * authentication. The node's own subscriber talks to it over loopback like any other client.
 */
package holdfast.edge.broker;
