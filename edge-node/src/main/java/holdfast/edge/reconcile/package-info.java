/**
 * Reconciliations: every {@code conflict} or {@code rejected} verdict from the cloud opens one, with the
 * event's summary and the cloud's reason and view. A person resolves it — resend, reattribute, void or
 * accept — with a reason; reattribute and void journal a follow-up event (kind {@code correction}/{@code void},
 * causationId = the original event) that syncs like any other. Nothing is deleted and every resolution is
 * audited. The HTTP endpoints live here too (contract §4).
 */
package holdfast.edge.reconcile;
