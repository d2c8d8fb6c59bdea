/**
 * The node proves its own ingest paths end to end: every {@code canary.interval-seconds} it sends one marked,
 * synthetic reading through each enabled path as a real sender would (HTTP post on loopback with a device token of
 * its own, MQTT publish through the embedded broker, an ORU over MLLP to its own listener). Each is journaled as a
 * {@code canary} event and synced like any other, and the node measures ingest to durable and durable to accepted
 * by the cloud per path. A canary is recognised by its sender id and a mark only the node can make (an HMAC under a
 * key in the data dir): an input that merely claims to be one stays an ordinary reading. Canaries never reach the
 * clinical projections (census, alerts, same-fact links, device activity), which all look at clinical kinds only.
 */
package holdfast.edge.canary;
