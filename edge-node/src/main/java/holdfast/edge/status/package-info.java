/**
 * The node's account of itself over HTTP (lanes, mode, upstream link, what needs a person) and the operator's
 * hand on the upstream link (retry now, replay a lane range). It reads from the features; none reads from it.
 */
package holdfast.edge.status;
