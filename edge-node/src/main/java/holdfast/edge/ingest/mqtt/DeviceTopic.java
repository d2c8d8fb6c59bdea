package holdfast.edge.ingest.mqtt;

import holdfast.shared.envelope.EventKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A device topic of contract §2: {@code holdfast/v1/devices/{deviceId}/observations} or {@code .../alarms}. */
record DeviceTopic(String deviceId, EventKind kind) {

    static final String OBSERVATIONS = "holdfast/v1/devices/+/observations";
    static final String ALARMS = "holdfast/v1/devices/+/alarms";
    private static final Pattern TOPIC = Pattern.compile("holdfast/v1/devices/([^/]+)/(observations|alarms)");

    private static final String PREFIX = "holdfast/v1/devices/";

    /**
     * A hash of the topic's device segment, without parsing it (for routing a message on Paho's callback
     * thread); the whole topic's hash when it is not one of ours.
     */
    static int deviceHash(String topic) {
        int end = topic.startsWith(PREFIX) ? topic.indexOf('/', PREFIX.length()) : -1;
        if (end < 0) {
            return topic.hashCode();
        }
        int h = 0;
        for (int i = PREFIX.length(); i < end; i++) {
            h = 31 * h + topic.charAt(i);
        }
        return h;
    }

    /** The parsed topic, or null when it is not one of ours. */
    static DeviceTopic parse(String topic) {
        Matcher m = TOPIC.matcher(topic);
        if (!m.matches()) {
            return null;
        }
        return new DeviceTopic(m.group(1), m.group(2).equals("alarms") ? EventKind.ALARM : EventKind.OBSERVATION);
    }
}
