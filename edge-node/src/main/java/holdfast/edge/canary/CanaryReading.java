package holdfast.edge.canary;

import java.time.Instant;

/** The body of a canary reading on the device paths (HTTP, MQTT): a reading of the canary sender, no patient. */
final class CanaryReading {

    private CanaryReading() {
    }

    static String json(String messageId, Instant at) {
        return "{\"messageId\":\"" + messageId + "\",\"deviceId\":\"" + CanaryMark.SENDER + "\",\"observedAt\":\""
                + at + "\",\"observations\":[{\"code\":\"holdfast-canary\",\"value\":1}]}";
    }
}
