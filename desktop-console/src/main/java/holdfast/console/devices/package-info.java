/** Every device a node knows, silent first, filterable by ward: when each was last heard from and its last refusal. */
package holdfast.console.devices;
