/** The console's only way to talk to an edge node: its HTTP API, answering with {@code shared} records. */
package holdfast.console.client;
