package holdfast.edge.broker;

import holdfast.edge.config.Settings;
import io.helidon.config.Config;

/**
 * {@code mqtt.embedded-broker.*}: {@code port} ({@code HOLDFAST_EMBEDDED_BROKER_PORT}, default 1883; 0 turns
 * the embedded broker off), {@code host} (default 127.0.0.1), {@code username}/{@code password} (both empty,
 * the default, let devices connect anonymously; set, every client must present them) and
 * {@code max-queue-size} (messages the broker keeps per offline subscriber, default 1,000,000: HiveMQ's own
 * default of 1000 silently drops the 1001st message while the node is away).
 */
public record BrokerSettings(int port, String host, String username, String password, long maxQueueSize) {

    public static BrokerSettings from(Config broker) {
        String username = Settings.string(broker, "username", "");
        String password = Settings.string(broker, "password", "");
        if (username.isEmpty() != password.isEmpty()) {
            throw new holdfast.edge.config.SettingsException(broker.key() + (username.isEmpty() ? ".username" : ".password"),
                    "username and password must be set together (both empty: anonymous devices)");
        }
        return new BrokerSettings(
                Settings.intIn(broker, "port", 1883, 0, 65535),
                Settings.string(broker, "host", "127.0.0.1"),
                username, password,
                Settings.longIn(broker, "max-queue-size", 1_000_000, 1, Long.MAX_VALUE));
    }

    public boolean enabled() {
        return port != 0;
    }

    public boolean anonymous() {
        return username.isEmpty();
    }

    /** The URL clients on this machine use to reach the embedded broker. */
    public String localUrl() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "tcp://" + h + ":" + port;
    }

    @Override
    public String toString() {
        return "BrokerSettings[port=" + port + ", host=" + host + ", anonymous=" + anonymous()
                + ", maxQueueSize=" + maxQueueSize + "]";
    }
}
