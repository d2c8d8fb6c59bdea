/**
 * Local alerts: rules evaluated on the node at ingest, so they fire whether or not the cloud is reachable;
 * repeats folded into the open alert, escalation while unacknowledged, acknowledgement audited, and every
 * raise and escalation journaled as an {@code alert} event in the critical lane so the cloud learns of it.
 */
package holdfast.edge.alerts;
