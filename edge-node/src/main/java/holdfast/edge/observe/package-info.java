/** What the node shows of itself to machines: health ({@code /observe/health}) and metrics. */
package holdfast.edge.observe;
