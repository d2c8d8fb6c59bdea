/**
 * One clinical fact, one event: recognises a reading that reaches the node twice, once from the device
 * (MQTT or HTTP) and once inside an HL7 result (ORU OBX with the same device in OBX-18, the same code and the
 * same observation time). The second arrival is still journaled (nothing is lost) but carries
 * {@code payload.sameFactAs} = the first one's event id, so that sync can skip it and a person can follow
 * the link. The index of recent facts is in memory, rebuilt from the journals at start-up.
 */
package holdfast.edge.facts;
