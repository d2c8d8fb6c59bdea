/**
 * What every feature module shares with the composition root: the lifecycle a module exposes (explicit start,
 * close), the ordered stack a module closes its parts with, and the ports through which a module publishes
 * its gauges and counters. Depends on nothing of the node's, so every feature may build itself with it.
 */
package holdfast.edge.module;
