package holdfast.edge.ingest.mqtt;

import holdfast.edge.broker.BrokerSettings;
import holdfast.edge.broker.NodeCredential;
import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * {@code mqtt.*} settings of the node's subscriber. {@code url} ({@code HOLDFAST_MQTT_URL}) empty or absent
 * means the embedded broker ({@code tcp://127.0.0.1:<mqtt.embedded-broker.port>}); with the embedded broker
 * off as well, there is no MQTT ingest. {@code client-id} defaults to {@code holdfast-<node.id>}: it must stay the same across
 * restarts, or the broker's persistent session (and the messages it holds) would be left behind.
 *
 * @param url               {@code tcp://host:port} or {@code ssl://host:port}, or empty for none
 * @param clientId          fixed client id, or empty for {@code holdfast-<node.id>}
 * @param keepAlive         MQTT keep-alive ({@code keep-alive-seconds}, default 30)
 * @param connectTimeout    {@code connect-timeout-seconds}, default 10
 * @param reconnectMin      first reconnect delay ({@code reconnect-min-ms}, default 500), doubled per failure
 * @param reconnectMax      longest reconnect delay ({@code reconnect-max-ms}, default 30000); full jitter below it
 * @param backpressurePause how long the subscriber stays away after a lane refused a message
 *                          ({@code backpressure-pause-ms}, default 2000) before reconnecting for redelivery
 * @param maxPayloadBytes   larger messages are dead-lettered, kept truncated ({@code max-payload-bytes}, 65536)
 * @param receiveMaximum    the MQTT 5 receive maximum the subscriber announces ({@code receive-maximum}, default
 *                          1000): how many unacknowledged QoS 1 messages the broker may have in flight to it, so
 *                          how many one journal fsync can cover; the embedded broker also caps it at its own
 *                          {@code inflight-window}
 * @param ackThreads        threads that finish durable readings and acknowledge them ({@code ack-threads},
 *                          default 2, 1-16); each device's messages always go to the same one
 * @param embeddedBroker    true when {@code url} is the node's own embedded broker: then the node's clients
 *                          present the node's credential there ({@link #withNodeCredential}), not
 *                          {@code username}/{@code password}, which are for an external broker
 */
public record MqttSettings(String url, String clientId, String username, String password, Duration keepAlive,
                           Duration connectTimeout, Duration reconnectMin, Duration reconnectMax,
                           Duration backpressurePause, int maxPayloadBytes, int receiveMaximum, int ackThreads,
                           boolean embeddedBroker) {

    public static MqttSettings from(Config mqtt) {
        BrokerSettings broker = BrokerSettings.from(mqtt.get("embedded-broker"));
        String url = Settings.string(mqtt, "url", "");
        boolean embedded = broker.enabled() && (url.isEmpty() || url.equals(broker.localUrl()));
        if (url.isEmpty()) {
            // Empty (the shipped file's value) means "the default", as for the environment variable.
            url = broker.enabled() ? broker.localUrl() : "";
        } else {
            validateUrl(mqtt.get("url").key().toString(), url);
        }
        String clientId = Settings.string(mqtt, "client-id", "");
        if (!clientId.isEmpty() && !clientId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new SettingsException(mqtt.get("client-id").key().toString(), "must match [A-Za-z0-9._-]{1,128}");
        }
        Duration min = Settings.millis(mqtt, "reconnect-min-ms", 500, 10);
        Duration max = Settings.millis(mqtt, "reconnect-max-ms", 30_000, 10);
        if (max.compareTo(min) < 0) {
            throw new SettingsException(mqtt.get("reconnect-max-ms").key().toString(),
                    "must not be below reconnect-min-ms (" + min.toMillis() + ")");
        }
        return new MqttSettings(url, clientId,
                Settings.string(mqtt, "username", ""),
                Settings.string(mqtt, "password", ""),
                Duration.ofSeconds(Settings.intIn(mqtt, "keep-alive-seconds", 30, 5, 3600)),
                Duration.ofSeconds(Settings.intIn(mqtt, "connect-timeout-seconds", 10, 1, 300)),
                min, max,
                Settings.millis(mqtt, "backpressure-pause-ms", 2_000, 10),
                Settings.intIn(mqtt, "max-payload-bytes", 65_536, 256, 16 * 1024 * 1024),
                Settings.intIn(mqtt, "receive-maximum", 1_000, 1, 65_535),
                Settings.intIn(mqtt, "ack-threads", 2, 1, 16), embedded);
    }

    /**
     * These settings with the node's own credential for the embedded broker when that is where {@code url}
     * points; unchanged for an external broker, which keeps its own access rules.
     */
    public MqttSettings withNodeCredential(NodeCredential node) {
        return embeddedBroker ? new MqttSettings(url, clientId, node.username(), node.secret(), keepAlive,
                connectTimeout, reconnectMin, reconnectMax, backpressurePause, maxPayloadBytes, receiveMaximum, ackThreads,
                true) : this;
    }

    public boolean enabled() {
        return !url.isEmpty();
    }

    /** The client id to use: the configured one, or one derived from the node id so it survives restarts. */
    public String clientIdFor(String nodeId) {
        return clientId.isEmpty() ? "holdfast-" + nodeId : clientId;
    }

    private static void validateUrl(String key, String url) {
        try {
            URI uri = new URI(url);
            if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme())) {
                throw new SettingsException(key, "must start with tcp:// or ssl://");
            }
            if (uri.getHost() == null || uri.getPort() < 1) {
                throw new SettingsException(key, "must name a host and a port, e.g. tcp://127.0.0.1:1883");
            }
        } catch (URISyntaxException e) {
            throw new SettingsException(key, "is not a URL: " + e.getReason());
        }
    }

    @Override
    public String toString() {
        return "MqttSettings[url=" + url + ", clientId=" + clientId + ", username=" + username + "]";
    }
}
