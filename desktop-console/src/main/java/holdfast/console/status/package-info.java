/** The node's mode banner and the lanes screen, fed by one status view model that polls the node. */
package holdfast.console.status;
