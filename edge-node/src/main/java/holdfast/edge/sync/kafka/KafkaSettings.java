package holdfast.edge.sync.kafka;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Settings of the Kafka upstream ({@code upstream.url} {@code kafka://host:port[,host:port]} and
 * {@code upstream.kafka.*}); every key and its default is documented in {@code config/edge-node.yaml}.
 *
 * @param bootstrap          the cluster's bootstrap servers, from the URL
 * @param topic              where event records go
 * @param progressTopic      compacted topic holding each node lane's highest delivered laneSeq
 * @param verdictTopic       where the platform publishes disputes for nodes; blank: none are read
 * @param createTopics       create missing topics at start (off where the platform owns its topics)
 * @param partitions         partitions of the event topic when the node creates it
 * @param replicationFactor  replication of the topics the node creates
 * @param securityProtocol   PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism      PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (with a SASL protocol)
 * @param saslUsername       SASL user name
 * @param saslPassword       SASL password
 * @param truststore         PKCS12/JKS truststore with the cluster's CA (SSL); blank: the JDK's
 * @param truststorePassword its password
 * @param transactionTimeout how long the broker waits for an open transaction of a crashed node before
 *                           aborting it (a lane that restarts sooner fences it at once)
 */
public record KafkaSettings(String bootstrap, String topic, String progressTopic, String verdictTopic,
                            boolean createTopics, int partitions, short replicationFactor, String securityProtocol,
                            String saslMechanism, String saslUsername, String saslPassword, String truststore,
                            String truststorePassword, Duration transactionTimeout) {

    static final String SCHEME = "kafka://";
    private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    /** True when {@code url} names a Kafka cluster rather than an HTTP cloud. */
    public static boolean handles(String url) {
        return url != null && url.startsWith(SCHEME);
    }

    /** Reads {@code upstream.url} and {@code upstream.kafka.*} from the root configuration. */
    public static KafkaSettings from(Config root) {
        Config up = root.get("upstream");
        Config k = up.get("kafka");
        String bootstrap = bootstrap(up.get("url").key().toString(), Settings.string(up, "url", ""));
        String protocol = Settings.string(k, "security-protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new SettingsException(k.get("security-protocol").key().toString(),
                    "'" + protocol + "' is not one of " + PROTOCOLS);
        }
        String mechanism = Settings.string(k, "sasl-mechanism", "SCRAM-SHA-512").toUpperCase(Locale.ROOT);
        if (!MECHANISMS.contains(mechanism)) {
            throw new SettingsException(k.get("sasl-mechanism").key().toString(),
                    "'" + mechanism + "' is not one of " + MECHANISMS);
        }
        String user = Settings.string(k, "sasl-username", "");
        if (protocol.startsWith("SASL") && user.isBlank()) {
            throw new SettingsException(k.get("sasl-username").key().toString(), "is required with " + protocol);
        }
        return new KafkaSettings(bootstrap,
                topicName(k, "topic", "holdfast-events", false),
                topicName(k, "progress-topic", "holdfast-progress", false),
                topicName(k, "verdict-topic", "holdfast-verdicts", true),
                Settings.bool(k, "create-topics", true),
                Settings.intIn(k, "partitions", 6, 1, 10_000),
                (short) Settings.intIn(k, "replication-factor", 1, 1, 32),
                protocol, mechanism, user,
                Settings.string(k, "sasl-password", ""),
                Settings.string(k, "truststore", ""),
                Settings.string(k, "truststore-password", ""),
                Settings.millis(k, "transaction-timeout-ms", 60_000, 1_000));
    }

    /** What every client of the cluster shares: where it is and how to authenticate. */
    Properties clientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("security.protocol", securityProtocol);
        if (securityProtocol.startsWith("SASL")) {
            p.put("sasl.mechanism", saslMechanism);
            String module = "PLAIN".equals(saslMechanism) ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put("sasl.jaas.config", module + " required username=\"" + quote(saslUsername) + "\" password=\""
                    + quote(saslPassword) + "\";");
        }
        if (securityProtocol.endsWith("SSL") && !truststore.isBlank()) {
            p.put("ssl.truststore.location", truststore);
            p.put("ssl.truststore.password", truststorePassword);
        }
        return p;
    }

    @Override
    public String toString() {
        return "KafkaSettings[bootstrap=" + bootstrap + ", topic=" + topic + ", progressTopic=" + progressTopic
                + ", verdictTopic=" + verdictTopic + ", securityProtocol=" + securityProtocol + "]"; // no secrets
    }

    private static String bootstrap(String key, String url) {
        if (!handles(url)) {
            throw new SettingsException(key, "'" + url + "' is not a kafka:// URL");
        }
        String rest = url.substring(SCHEME.length());
        rest = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        if (rest.isBlank()) {
            throw new SettingsException(key, "'" + url + "' names no broker (kafka://host:port[,host:port])");
        }
        for (String server : rest.split(",")) {
            int colon = server.lastIndexOf(':');
            if (colon <= 0) {
                throw new SettingsException(key, "'" + server + "' is not host:port");
            }
            try {
                int port = Integer.parseInt(server.substring(colon + 1));
                if (port < 1 || port > 65_535) {
                    throw new SettingsException(key, "port " + port + " of '" + server + "' is out of range");
                }
            } catch (NumberFormatException e) {
                throw new SettingsException(key, "'" + server + "' has no numeric port");
            }
        }
        return rest;
    }

    private static String topicName(Config k, String key, String defaultValue, boolean blankAllowed) {
        String name = Settings.string(k, key, defaultValue);
        if (name.isBlank() && blankAllowed) {
            return "";
        }
        if (!name.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new SettingsException(k.get(key).key().toString(), "'" + name + "' is not a Kafka topic name");
        }
        return name;
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
