/**
 * The local census: which patient and encounter occupied which bed, and when, projected from the ADT
 * messages in the journals (A01, A02, A03, A04, A08, A11, A12, A13, A40). It is rebuilt by replaying every
 * {@code hl7} event at start-up or on demand, kept current as new ones are journaled, and enriches device
 * readings with the patient who occupied their bed at the time of the reading. State is in memory.
 */
package holdfast.edge.census;
