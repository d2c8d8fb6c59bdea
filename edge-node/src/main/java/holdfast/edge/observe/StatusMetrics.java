package holdfast.edge.observe;

import holdfast.shared.api.Hl7Status;
import holdfast.shared.api.LaneStatus;
import holdfast.shared.api.MqttStatus;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.NodeStatus;
import holdfast.shared.envelope.Lane;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Meters read from the node's status (what the console shows): mode, each lane's backlog and its oldest age,
 * refusing lanes, open dead letters, disk, MQTT and HL7 states, failing channels. One status is taken per scrape
 * (it reads the journals and the database) and shared by every gauge of that scrape.
 */
final class StatusMetrics {

    /** MQTT subscriber states that need nobody: the node's broker-down check ignores them too. */
    private static final Set<String> MQTT_FINE = Set.of("DISABLED", "CONNECTED", "PAUSED", "STOPPED");
    private static final long REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Supplier<NodeStatus> status;
    private NodeStatus last;
    private long lastAt;

    private StatusMetrics(Supplier<NodeStatus> status) {
        this.status = status;
    }

    /**
     * @param totalDiskBytes the size of the data volume (0 when unknown)
     * @param conditions     the node's operator alert conditions, and which of them are open now
     */
    public static void register(NodeMetrics metrics, Supplier<NodeStatus> status, LongSupplier totalDiskBytes,
                                List<String> conditions, Supplier<Set<String>> openConditions) {
        StatusMetrics s = new StatusMetrics(status);
        for (NodeMode mode : NodeMode.values()) {
            metrics.gauge("holdfast_mode", "1 for the node's current mode (ONLINE, DRAINING, DEGRADED, LOCAL_ONLY)",
                    "mode=\"" + mode.name() + "\"", () -> s.current().mode() == mode ? 1 : 0);
        }
        for (Lane lane : Lane.values()) {
            String label = "lane=\"" + lane.wireName() + "\"";
            metrics.gauge("holdfast_lane_backlog", "Events journaled but not yet answered for by the cloud", label,
                    () -> s.lane(lane, LaneStatus::backlog));
            metrics.gauge("holdfast_lane_oldest_backlog_age_seconds", "Age of the oldest event waiting to be synced "
                    + "(0: none waiting)", label, () -> s.lane(lane, l -> l.oldestBacklogAgeMs() / 1000));
            metrics.gauge("holdfast_lane_accepting", "1 while the lane takes new events (0: refusing, e.g. disk low)",
                    label, () -> s.lane(lane, l -> l.accepting() ? 1 : 0));
        }
        metrics.gauge("holdfast_deadletters_open", "Dead letters waiting for a person", "",
                () -> s.current().deadLetters().open());
        metrics.gauge("holdfast_disk_free_bytes", "Free space on the data volume", "",
                () -> s.current().diskFreeBytes());
        metrics.gauge("holdfast_disk_total_bytes", "Size of the data volume (0: unknown)", "", totalDiskBytes);
        metrics.gauge("holdfast_mqtt_disconnected", "1 while the MQTT subscriber should be connected and is not", "",
                () -> {
                    MqttStatus mqtt = s.current().mqtt();
                    return mqtt != null && !MQTT_FINE.contains(mqtt.state()) ? 1 : 0;
                });
        metrics.gauge("holdfast_hl7_saturated", "1 while every HL7 connection slot is taken", "", () -> {
            Hl7Status hl7 = s.current().hl7();
            return hl7 != null && "SATURATED".equals(hl7.state()) ? 1 : 0;
        });
        for (String channel : List.of("mqtt", "http")) {
            metrics.gauge("holdfast_ingest_channel_failing", "1 while a channel's input keeps failing inside the node",
                    "channel=\"" + channel + "\"", () -> s.current().channels().stream()
                            .anyMatch(c -> c.channel().equals(channel) && "FAILING".equals(c.state())) ? 1 : 0);
        }
        for (String condition : conditions) {
            metrics.gauge("holdfast_operator_alert_open", "1 while the node's own operator alert of this condition "
                    + "is open", "condition=\"" + condition + "\"", () -> openConditions.get().contains(condition) ? 1 : 0);
        }
    }

    private synchronized NodeStatus current() {
        long now = System.nanoTime();
        if (last == null || now - lastAt > REUSE_NANOS) {
            last = status.get();
            lastAt = now;
        }
        return last;
    }

    private long lane(Lane lane, ToLongFunction<LaneStatus> value) {
        return current().lanes().stream().filter(l -> l.name().equals(lane.wireName())).mapToLong(value).findFirst()
                .orElse(0);
    }
}
