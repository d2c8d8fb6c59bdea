/** The node's operating mode (ONLINE, DEGRADED, LOCAL_ONLY, BACKPRESSURE), since when, and why. */
package holdfast.edge.mode;
