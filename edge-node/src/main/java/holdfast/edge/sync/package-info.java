/**
 * Store-and-forward to the cloud (contract §5): one worker per lane with its own thread, connection and
 * durable cursor in H2; lane priority (critical first, batch never starved), batches by count and bytes, split
 * on 413/400; backoff with jitter, the Helidon circuit breaker, Retry-After, the stop after 401/403 and the
 * operator's retry; a drain-rate cap; resends and admin replays with the original event ids; journal
 * retention once cycle files are synced. {@link holdfast.edge.sync.SyncService} is the entry point and the
 * node's real {@link holdfast.edge.sync.SyncProgress}; disputed verdicts leave through
 * {@link holdfast.edge.sync.DisputeRecorder}.
 */
package holdfast.edge.sync;
