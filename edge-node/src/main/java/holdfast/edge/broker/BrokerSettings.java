package holdfast.edge.broker;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;

/**
 * {@code mqtt.embedded-broker.*}: {@code port} ({@code HOLDFAST_EMBEDDED_BROKER_PORT}, default 1883; 0 turns
 * the embedded broker off), {@code host} (default 127.0.0.1), {@code allow-anonymous} (default false: every
 * client presents an API token as its password, see {@link BrokerAccess}) and {@code max-queue-size} (messages
 * the broker keeps per offline subscriber, default 1,000,000: HiveMQ's own default of 1000 silently drops the
 * 1001st message while the node is away) and {@code inflight-window} (unacknowledged QoS 1 messages it sends one
 * subscriber before waiting for PUBACKs, default 1000; HiveMQ's own is 50, which caps how many messages one
 * journal fsync of the node can cover; an MQTT 5 subscriber's receive maximum lowers it for that subscriber).
 * The shared {@code username}/{@code password} of earlier versions are
 * refused by name: one password for every client is what tokens replaced.
 */
public record BrokerSettings(int port, String host, boolean allowAnonymous, long maxQueueSize, int inflightWindow) {

    public static BrokerSettings from(Config broker) {
        for (String retired : new String[] {"username", "password"}) {
            if (!Settings.string(broker, retired, "").isEmpty()) {
                throw new SettingsException(broker.key() + "." + retired, "is no longer used: each MQTT client"
                        + " presents an API token as its password (device tokens: username = deviceId)");
            }
        }
        return new BrokerSettings(
                Settings.intIn(broker, "port", 1883, 0, 65535),
                Settings.string(broker, "host", "127.0.0.1"),
                Settings.bool(broker, "allow-anonymous", false),
                Settings.longIn(broker, "max-queue-size", 1_000_000, 1, Long.MAX_VALUE),
                Settings.intIn(broker, "inflight-window", 1_000, 1, 65_535));
    }

    public boolean enabled() {
        return port != 0;
    }

    /** The URL clients on this machine use to reach the embedded broker. */
    public String localUrl() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "tcp://" + h + ":" + port;
    }
}
