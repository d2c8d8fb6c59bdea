package holdfast.shared.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A bedside device's reading, the MQTT and HTTP payload of contract §2. Used by the simulator to publish;
 * the node validates incoming bytes field by field instead of binding them, so it can name what is wrong.
 */
public record DeviceReading(
        String messageId,
        String deviceId,
        String bed,
        Instant observedAt,
        List<Observation> observations,
        String priority) {

    public DeviceReading {
        observations = List.copyOf(observations);
    }

    /** One coded value: LOINC code and system, numeric value, UCUM unit. */
    public record Observation(String code, String system, BigDecimal value, String unit) {
    }
}
