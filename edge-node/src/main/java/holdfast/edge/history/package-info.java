/**
 * What the lanes did, minute by minute, for the last day: kept on the node (and across its restarts) so a
 * console opened now, or switched from another ward, can still show the outage of the night.
 */
package holdfast.edge.history;
