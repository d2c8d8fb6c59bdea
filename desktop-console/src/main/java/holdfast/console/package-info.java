/**
 * The desktop console for ward IT administrators. Views build controls and bind; view models hold JavaFX
 * properties and commands and are the only callers of the {@link holdfast.console.client.EdgeNodeClient};
 * the console talks to nodes over HTTP only and never imports edge-node code.
 */
package holdfast.console;
