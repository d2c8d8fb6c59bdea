/**
 * The one policy for a failure at the top of a thread the node owns: logged once as a structured line and counted
 * per thread. Depends on nothing of the node's, so every feature that starts a thread can use it.
 */
package holdfast.edge.threads;
