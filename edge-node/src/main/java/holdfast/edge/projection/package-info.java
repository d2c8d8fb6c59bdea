/**
 * Start-up's one pass over the lanes: every in-memory projection of the journals (census, same-fact index,
 * device activity, alerts catch-up) is fed from a single read of each lane instead of one read per
 * projection. Depends on the journal only; features implement {@link holdfast.edge.projection.Projection}.
 */
package holdfast.edge.projection;
