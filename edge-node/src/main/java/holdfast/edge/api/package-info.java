/**
 * The HTTP API's shared plumbing (bearer-token guard, problem documents, JSON answers) and the node-level
 * endpoints: status and token management. Feature endpoints live with their features.
 */
package holdfast.edge.api;
