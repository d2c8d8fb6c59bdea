/**
 * The edge nodes the console knows (remembered between runs with the user's permissions only), choosing,
 * adding and removing them, and the role of the chosen node's token, shared by every screen.
 */
package holdfast.console.connection;
