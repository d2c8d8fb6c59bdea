/**
 * Store-and-forward to the cloud (contract §5): one worker per lane with its own thread, connection and
 * durable cursor in H2, all sharing one view of the link ({@link holdfast.edge.sync.UpstreamLink}); lane priority
 * (critical first, batch never starved, and after the cloud's return nothing of standard or batch until the
 * critical backlog of that moment is accepted), batches by count and bytes, split on 413/400; a short jittered
 * probe that notices the cloud's return and wakes every lane at once, while backoff with jitter only paces
 * re-sending failed batches; the Helidon circuit breaker, Retry-After, the stop after 401/403 and the operator's
 * retry; a drain-rate cap; resends and admin replays with the original event ids; journal retention once cycle
 * files are synced. {@link holdfast.edge.sync.SyncService} is the entry point and the node's real
 * {@link holdfast.edge.sync.SyncProgress}; disputed verdicts leave through
 * {@link holdfast.edge.sync.DisputeRecorder}.
 */
package holdfast.edge.sync;
