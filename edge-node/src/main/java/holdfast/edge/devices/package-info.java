/**
 * The device registry: which ward and bed each bedside device serves, from {@code devices.entries} in the
 * node's configuration plus a separate file ({@code devices.file}) that is re-read while the node runs, and
 * the subject every channel gives a device's reading.
 */
package holdfast.edge.devices;
