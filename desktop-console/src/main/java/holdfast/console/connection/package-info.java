/** The edge nodes the console knows, remembered between runs with the user's permissions only. */
package holdfast.console.connection;
