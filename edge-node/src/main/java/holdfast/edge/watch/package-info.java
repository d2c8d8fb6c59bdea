/**
 * The node watches itself: operator alerts, separate from clinical alerts, for conditions that need a person
 * (the cloud unreachable for minutes, an old critical backlog while the link is up, a lane refusing events,
 * dead letters or reconciliations piling up, a silent device, the broker down, the disk nearly full, the audit
 * chain broken). Each condition is raised once per episode, after it has held for a while, and cleared once it
 * has been gone for a while, so a blip raises nothing and a flapping link raises one alert, not fifty. Every
 * raise and clear is journaled in the critical lane, stored, logged as one structured line and handed to the
 * listeners (ward displays over MQTT, an optional webhook).
 */
package holdfast.edge.watch;
