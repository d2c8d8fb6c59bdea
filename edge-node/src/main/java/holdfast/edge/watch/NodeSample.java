package holdfast.edge.watch;

import holdfast.shared.api.NodeStatus;
import java.util.List;

/** What the checks look at, taken once per pass: the node's status and the devices that have gone silent. */
public record NodeSample(NodeStatus status, List<String> silentDevices) {

    public NodeSample {
        silentDevices = List.copyOf(silentDevices);
    }
}
