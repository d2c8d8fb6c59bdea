package holdfast.simulator.support;

/** Synthetic device readings (no real patient data). */
public final class Readings {

    /** Yesterday (UTC): a fixture is as old on the day the suite runs as on the day it was written. */
    public static final String DAY = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();

    private Readings() {
    }

    /** A heart-rate reading; {@code priority} null or a lane name. */
    public static String reading(String deviceId, String messageId, String bed, String priority) {
        return "{\"messageId\":\"" + messageId + "\",\"deviceId\":\"" + deviceId + "\",\"bed\":\"" + bed + "\","
                + "\"observedAt\":\"" + DAY + "T08:00:00.000Z\",\"observations\":[{\"code\":\"8867-4\","
                + "\"system\":\"http://loinc.org\",\"value\":72,\"unit\":\"/min\"}]"
                + (priority == null ? "" : ",\"priority\":\"" + priority + "\"") + "}";
    }
}
