package holdfast.edge.lanes;

import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import java.util.List;

/**
 * What the lane rules look at: the event's kind, channel and device, its numeric observations, and the
 * priority the sender asked for (null if none).
 */
public record LaneCandidate(EventKind kind, String channel, String deviceId, List<CodedValue> observations,
                            Lane requestedPriority) {

    public LaneCandidate {
        observations = List.copyOf(observations);
    }

    /** A coded numeric value. */
    public record CodedValue(String code, double value) {
    }
}
