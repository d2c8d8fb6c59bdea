package holdfast.edge.observe;

import holdfast.edge.ingest.mqtt.MqttListener;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The MQTT subscriber's meters: messages acknowledged by outcome, messages held back, reconnects and
 * back-pressure pauses, sessions the broker lost. Thread-safe.
 */
final class MqttMetrics implements MqttListener {

    private final Map<String, LongAdder> acknowledged;
    private final LongAdder held;
    private final LongAdder reconnects;
    private final LongAdder pauses;
    private final LongAdder sessionsLost;

    public MqttMetrics(NodeMetrics metrics) {
        String name = "holdfast_mqtt_acknowledged_total";
        String help = "MQTT messages acknowledged to the broker once durable, by outcome";
        this.acknowledged = Map.of(
                "accepted", metrics.counter(name, help, "outcome=\"accepted\""),
                "duplicate", metrics.counter(name, help, "outcome=\"duplicate\""),
                "deadletter", metrics.counter(name, help, "outcome=\"deadletter\""));
        this.held = metrics.counter("holdfast_mqtt_held_total",
                "MQTT messages left unacknowledged with the broker for redelivery", "");
        this.reconnects = metrics.counter("holdfast_mqtt_reconnects_scheduled_total",
                "MQTT connection losses and failed connects (each schedules a reconnect)", "");
        this.pauses = metrics.counter("holdfast_mqtt_backpressure_pauses_total",
                "Disconnects made on purpose because a lane refused a message", "");
        this.sessionsLost = metrics.counter("holdfast_mqtt_sessions_lost_total",
                "Reconnects the broker answered with no session for the node (messages queued for it may be lost)", "");
    }

    @Override
    public void acknowledged(String outcome) {
        LongAdder a = acknowledged.get(outcome);
        if (a != null) {
            a.increment();
        }
    }

    @Override
    public void held() {
        held.increment();
    }

    @Override
    public void reconnectScheduled() {
        reconnects.increment();
    }

    @Override
    public void pausedForBackpressure() {
        pauses.increment();
    }

    @Override
    public void sessionLost() {
        sessionsLost.increment();
    }
}
