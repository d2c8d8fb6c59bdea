/**
 * The records the edge node's HTTP API speaks (status, receipts, tokens, device readings). Shared so that
 * the console and the simulator read and write exactly what the node does, without depending on it.
 */
package holdfast.shared.api;
