package holdfast.edge.ingest.mqtt;

/** Where the subscriber's link to its broker stands; the name is what status and health show. */
enum LinkState {
    CONNECTING,
    CONNECTED,
    RECONNECTING,
    /** Disconnected on purpose: a lane refused a message, and the broker keeps it until the pause ends. */
    PAUSED,
    STOPPED
}
