/**
 * The audit trail: who did what, when, to what, and why, for every operator and admin action (resolving a
 * reconciliation, upstream retry, lane replay). Rows are only ever appended, each chained to the previous one
 * by a SHA-256 hash; writers append inside their own transaction so an action and its audit row commit
 * together.
 */
package holdfast.edge.audit;
