/**
 * The HTTP API's shared plumbing (bearer-token guard, problem documents, JSON answers, the {@code Mount} each
 * feature declares its endpoints on under its own prefix) and the node-level endpoints: tokens, break-glass,
 * audit, who-am-I, the OpenAPI document, the status stream. Feature endpoints live with their features.
 */
package holdfast.edge.api;
