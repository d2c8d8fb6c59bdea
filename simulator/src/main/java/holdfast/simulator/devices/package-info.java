/**
 * Simulated bedside devices publishing vitals over MQTT (contract §2): seeded, rate-limited, with occasional
 * critical values, device alarms and repeated messages (to exercise the node's idempotency).
 */
package holdfast.simulator.devices;
