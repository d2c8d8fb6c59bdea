/**
 * The idempotency index: which key was journaled as which event. Derived from the journals, recorded in the
 * lane writer's own batch right after the fsync (memory-mapped files, not the database), and caught up from the
 * journals after a crash, so a key can never be lost or doubled by a crash between the journal write and the
 * index write.
 */
package holdfast.edge.idempotency;
