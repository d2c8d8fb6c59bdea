package holdfast.edge.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Synthetic device readings (no real patient data anywhere in the fixtures). */
public final class Readings {

    /**
     * When every fixture reading was observed: a minute before this test JVM started, so it always lies in the
     * node's window around its clock ({@code readings.*}) and no test depends on today's date. Tests that run
     * the node on a {@link MutableClock} start that clock here.
     */
    public static final Instant OBSERVED_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

    private Readings() {
    }

    public static String reading(String deviceId, String messageId, String code, double value, String priority) {
        return "{\"messageId\":\"" + messageId + "\",\"deviceId\":\"" + deviceId + "\",\"bed\":\"ICU-3\","
                + "\"observedAt\":\"" + OBSERVED_AT + "\",\"observations\":[{\"code\":\"" + code
                + "\",\"system\":\"http://loinc.org\",\"value\":" + value + ",\"unit\":\"/min\"}]"
                + (priority == null ? "" : ",\"priority\":\"" + priority + "\"") + "}";
    }

    /** A normal heart rate: standard lane by default. */
    public static String heartRate(String deviceId, String messageId) {
        return reading(deviceId, messageId, "8867-4", 72, null);
    }
}
