package holdfast.shared.api;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code GET /api/v1/status} (contract §4). {@code modeCause} and {@code diskFreeBytes} are
 * extensions: why the node is in its mode, in plain words, and the free space left under the data dir.
 * {@code mqtt} (extension, may be null) is the link to the MQTT broker the node subscribes to.
 * {@code breakGlass} (extension) lists the operators currently elevated to admin by break-glass.
 * {@code hl7} (extension, null when the node has no MLLP listener) is the HL7 listener's connections and health.
 * {@code channels} (extension) lists the input channels whose handlers failed unexpectedly since start.
 * {@code attention} (extension, never null) counts the open alerts, operator alerts and silent devices.
 * {@code canary} (extension, null when the canary is off) is the node's proof that its own ingest paths reach the
 * cloud, with the latencies of the last synthetic canary per path.
 */
public record NodeStatus(
        String nodeId,
        NodeMode mode,
        Instant modeSince,
        String modeCause,
        UpstreamStatus upstream,
        List<LaneStatus> lanes,
        OpenCount reconciliations,
        OpenCount deadLetters,
        long diskFreeBytes,
        MqttStatus mqtt,
        List<BreakGlassItem> breakGlass,
        Hl7Status hl7,
        List<ChannelStatus> channels,
        Attention attention,
        CanaryStatus canary) {

    public NodeStatus {
        attention = attention == null ? Attention.NONE : attention;
        lanes = List.copyOf(lanes);
        breakGlass = breakGlass == null ? List.of() : List.copyOf(breakGlass);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** The status without a canary (kept so callers from before it still compile). */
    public NodeStatus(String nodeId, NodeMode mode, Instant modeSince, String modeCause, UpstreamStatus upstream,
                      List<LaneStatus> lanes, OpenCount reconciliations, OpenCount deadLetters, long diskFreeBytes,
                      MqttStatus mqtt, List<BreakGlassItem> breakGlass, Hl7Status hl7, List<ChannelStatus> channels,
                      Attention attention) {
        this(nodeId, mode, modeSince, modeCause, upstream, lanes, reconciliations, deadLetters, diskFreeBytes, mqtt,
                breakGlass, hl7, channels, attention, null);
    }

    /** The status without an HL7 listener or channel failures (kept so callers from before them still compile). */
    public NodeStatus(String nodeId, NodeMode mode, Instant modeSince, String modeCause, UpstreamStatus upstream,
                      List<LaneStatus> lanes, OpenCount reconciliations, OpenCount deadLetters, long diskFreeBytes,
                      MqttStatus mqtt, List<BreakGlassItem> breakGlass) {
        this(nodeId, mode, modeSince, modeCause, upstream, lanes, reconciliations, deadLetters, diskFreeBytes, mqtt,
                breakGlass, null, List.of(), Attention.NONE, null);
    }

    /** The status without break-glass elevations (kept so callers from before that field still compile). */
    public NodeStatus(String nodeId, NodeMode mode, Instant modeSince, String modeCause, UpstreamStatus upstream,
                      List<LaneStatus> lanes, OpenCount reconciliations, OpenCount deadLetters, long diskFreeBytes,
                      MqttStatus mqtt) {
        this(nodeId, mode, modeSince, modeCause, upstream, lanes, reconciliations, deadLetters, diskFreeBytes, mqtt,
                List.of());
    }

    /** The status without an MQTT link (kept so that callers from before the {@code mqtt} field still compile). */
    public NodeStatus(String nodeId, NodeMode mode, Instant modeSince, String modeCause, UpstreamStatus upstream,
                      List<LaneStatus> lanes, OpenCount reconciliations, OpenCount deadLetters, long diskFreeBytes) {
        this(nodeId, mode, modeSince, modeCause, upstream, lanes, reconciliations, deadLetters, diskFreeBytes, null);
    }
}
