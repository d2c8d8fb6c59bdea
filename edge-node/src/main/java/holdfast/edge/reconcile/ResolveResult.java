package holdfast.edge.reconcile;

/** What a resolve request came to; the routes map each case to one HTTP answer. */
sealed interface ResolveResult {

    /** Done: the reconciliation as it is now. */
    record Resolved(ReconciliationDetail detail) implements ResolveResult {
    }

    /** No reconciliation with that id ({@code 404}). */
    record NotFound(long id) implements ResolveResult {
    }

    /** It is not open any more ({@code 409}). */
    record NotOpen(Reconciliation current) implements ResolveResult {
    }

    /** The follow-up event could not be journaled right now ({@code 503}); nothing changed. */
    record Unavailable(String reason) implements ResolveResult {
    }
}
