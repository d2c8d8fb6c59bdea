/**
 * The lane journals: one durable, append-only Chronicle Queue per lane, each with its own group-committing
 * writer thread. An append completes only once it is fsync'd. Everything else the node keeps about events
 * (idempotency index, counters, census) is derived from these files and can be rebuilt from them.
 */
package holdfast.edge.journal;
