/**
 * What every feature module shares with the composition root: the lifecycle a module exposes (explicit start,
 * close), the ordered stack a module closes its parts with, and the one port through which a module publishes
 * its gauges. Depends on nothing of the node's, so every feature may build itself with it.
 */
package holdfast.edge.module;
