package holdfast.edge.watch;

import holdfast.shared.api.NodeStatus;
import java.util.List;

/**
 * What the checks look at, taken once per pass: the node's status, the devices that have gone silent and the HL7
 * senders that have (as {@code application^facility}).
 */
record NodeSample(NodeStatus status, List<String> silentDevices, List<String> silentSenders) {

    public NodeSample {
        silentDevices = List.copyOf(silentDevices);
        silentSenders = List.copyOf(silentSenders);
    }

    public NodeSample(NodeStatus status, List<String> silentDevices) {
        this(status, silentDevices, List.of());
    }
}
