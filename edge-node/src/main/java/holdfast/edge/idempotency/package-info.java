/**
 * The idempotency index: which key was journaled as which event. Derived from the journals, written behind
 * them in batches, and recovered from them after a crash, so a key can never be lost or doubled by a crash
 * between the journal write and the index write.
 */
package holdfast.edge.idempotency;
