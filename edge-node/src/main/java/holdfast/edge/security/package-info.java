/**
 * Who may call the node: roles and permissions, API tokens stored as hashes, and the bootstrap admin token.
 * The HTTP layer asks this package for a {@link holdfast.edge.security.Principal} and checks a permission.
 */
package holdfast.edge.security;
