/**
 * The event envelope: the one record every ingested reading, HL7 message, alert or correction becomes,
 * with its JSON codec, schema-version policy, lanes and time-ordered event ids. Depends on nothing but
 * Jackson, so the node, the console, the simulator and the reference cloud all speak the same shape.
 */
package holdfast.shared.envelope;
