/**
 * Store-and-forward to the cloud: per-lane sync progress and the upstream link. Until the sync workers land,
 * {@link holdfast.edge.sync.NoUpstream} reports that nothing is synced.
 */
package holdfast.edge.sync;
