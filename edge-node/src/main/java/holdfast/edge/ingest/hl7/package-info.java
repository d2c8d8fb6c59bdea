/**
 * HL7 v2 over MLLP (contract §3): the node's own small MLLP server (plain sockets, one virtual thread per
 * connection, a connection limit, idle timeouts, a maximum message size), the MSH-18 character sets, a plain
 * reader for the common message shapes with HAPI for every other (and for every error answer), and the channel
 * adapter that turns a message into an {@code hl7} event through the ingest pipeline and answers AA/CA only once
 * it is durable, AE/AR only once the dead letter is. Message text is never logged: only ids, counts and
 * correlation ids.
 */
package holdfast.edge.ingest.hl7;
