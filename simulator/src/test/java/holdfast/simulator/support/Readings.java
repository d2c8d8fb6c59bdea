package holdfast.simulator.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Synthetic device readings (no real patient data). */
public final class Readings {

    /** A minute before this test JVM started: inside the node's observedAt window, whatever today is. */
    public static final Instant OBSERVED_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

    private Readings() {
    }

    /** A heart-rate reading; {@code priority} null or a lane name. */
    public static String reading(String deviceId, String messageId, String bed, String priority) {
        return "{\"messageId\":\"" + messageId + "\",\"deviceId\":\"" + deviceId + "\",\"bed\":\"" + bed + "\","
                + "\"observedAt\":\"" + OBSERVED_AT + "\",\"observations\":[{\"code\":\"8867-4\","
                + "\"system\":\"http://loinc.org\",\"value\":72,\"unit\":\"/min\"}]"
                + (priority == null ? "" : ",\"priority\":\"" + priority + "\"") + "}";
    }
}
