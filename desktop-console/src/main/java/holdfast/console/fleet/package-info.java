/**
 * The fleet overview, the console's first screen: every remembered node at once, with its mode, the worst thing
 * open on it and when it was last heard from, polled in parallel off the UI thread; a node that cannot be reached
 * says so, with the state it last showed and as of when.
 */
package holdfast.console.fleet;
