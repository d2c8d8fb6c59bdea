package holdfast.edge.ingest.mqtt;

/** Hooks for metrics on the subscriber; called on Paho's and the journal's threads, must be quick. */
public interface MqttListener {
    MqttListener NONE = new MqttListener() { };

    /** A message was acknowledged to the broker; {@code outcome} is accepted, duplicate or deadletter. */
    default void acknowledged(String outcome) {
    }

    /** A message was left unacknowledged with the broker (back-pressure or a failure), to be redelivered. */
    default void held() {
    }

    /** The connection was lost or a connect attempt failed; another attempt is scheduled. */
    default void reconnectScheduled() {
    }

    /** The subscriber disconnected on purpose because a lane refused a message. */
    default void pausedForBackpressure() {
    }

    /** The broker answered a reconnect with no session for the node: what was queued for it may be gone. */
    default void sessionLost() {
    }
}
