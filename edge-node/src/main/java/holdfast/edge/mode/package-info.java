/**
 * The node's operating mode (ONLINE, DRAINING, DEGRADED, LOCAL_ONLY, BACKPRESSURE), since when, and why in plain
 * words.
 */
package holdfast.edge.mode;
