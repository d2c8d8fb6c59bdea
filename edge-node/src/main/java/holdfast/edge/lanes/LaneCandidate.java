package holdfast.edge.lanes;

import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import java.util.List;
import java.util.Set;

/**
 * What the lane rules look at: the event's kind, channel and device, its numeric observations, and the
 * priority the sender asked for (null if none). HL7 input adds its message type ({@code ORU^R01}; null for
 * other channels), the abnormal flags of its observations (OBX-8) and its order priority ({@code S} for STAT
 * from OBR-5/OBR-27/ORC-7/TQ1-9; null if none).
 */
public record LaneCandidate(EventKind kind, String channel, String deviceId, List<CodedValue> observations,
                            Lane requestedPriority, String messageType, Set<String> flags, String orderPriority) {

    public LaneCandidate {
        observations = List.copyOf(observations);
        flags = flags == null ? Set.of() : Set.copyOf(flags);
    }

    /** A device reading (MQTT, HTTP): no HL7 conditions. */
    public LaneCandidate(EventKind kind, String channel, String deviceId, List<CodedValue> observations,
                         Lane requestedPriority) {
        this(kind, channel, deviceId, observations, requestedPriority, null, Set.of(), null);
    }

    /** A coded numeric value. */
    public record CodedValue(String code, double value) {
    }
}
