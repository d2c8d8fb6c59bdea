/**
 * The reference cloud: an independent implementation of the upstream contract (§5) that tests and the demo
 * run on loopback. It keeps its own H2 store (accepted events deduplicated by idempotency key, disputes), its
 * own census that can disagree with a node's (bed → patient, known device prefixes), per-lane order checks,
 * and fault injection through {@code /admin}. It depends on {@code shared} only — never on edge-node classes —
 * so that it stays an honest second reading of the contract.
 */
package holdfast.simulator.cloud;
