/**
 * Who is sending: every bedside device registered or seen, when it was last heard from, how often it sends
 * and whether it has gone late or silent. A monitor that quietly stops sending is the first bedside worry, so
 * silence is news: counted in the status and metrics and listed worst first. Kept in memory, fed by every
 * durable reading and rebuilt from the journals at start.
 */
package holdfast.edge.activity;
