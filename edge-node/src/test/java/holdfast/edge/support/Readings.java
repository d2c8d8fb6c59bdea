package holdfast.edge.support;

/** Synthetic device readings (no real patient data anywhere in the fixtures). */
public final class Readings {
    private Readings() {
    }

    public static String reading(String deviceId, String messageId, String code, double value, String priority) {
        return "{\"messageId\":\"" + messageId + "\",\"deviceId\":\"" + deviceId + "\",\"bed\":\"ICU-3\","
                + "\"observedAt\":\"" + TestTimes.DAY + "T08:00:00.000Z\",\"observations\":[{\"code\":\"" + code
                + "\",\"system\":\"http://loinc.org\",\"value\":" + value + ",\"unit\":\"/min\"}]"
                + (priority == null ? "" : ",\"priority\":\"" + priority + "\"") + "}";
    }

    /** A normal heart rate: standard lane by default. */
    public static String heartRate(String deviceId, String messageId) {
        return reading(deviceId, messageId, "8867-4", 72, null);
    }
}
