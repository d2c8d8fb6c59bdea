package holdfast.shared.api;

import java.time.Instant;

/**
 * The node's link to its MQTT broker, an extension of {@code GET /api/v1/status}: {@code state} is
 * {@code CONNECTED}, {@code CONNECTING}, {@code RECONNECTING}, {@code PAUSED} (back-pressure: unacknowledged
 * messages are left with the broker), {@code DISABLED} (no broker configured) or {@code STOPPED}.
 * {@code lastError} says, in plain words, why the link last failed (null if it never did).
 */
public record MqttStatus(String state, String url, String clientId, Instant connectedSince, String lastError) {
}
