/**
 * Which lane an event goes to (the configurable lane table) and when a lane must refuse new events (disk
 * watermarks): the policy side of the lanes, kept apart from the journals that implement them.
 */
package holdfast.edge.lanes;
