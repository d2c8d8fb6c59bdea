/** Pending reconciliations: list, detail and the resolve actions (resend, reattribute, void, accept). */
package holdfast.console.reconcile;
