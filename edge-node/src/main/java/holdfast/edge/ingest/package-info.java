/**
 * The ingest pipeline every channel shares (lane decision, back-pressure, idempotency, durable append,
 * dead letters) and the device-reading parser that MQTT and HTTP both use.
 */
package holdfast.edge.ingest;
