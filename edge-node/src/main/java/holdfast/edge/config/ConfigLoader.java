package holdfast.edge.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the node's configuration once, at start-up. Priority, highest first: explicit overrides (tests,
 * benchmarks), the environment variables of contract §1 (and {@code HOLDFAST_CONFIG_<KEY>} for any other
 * key), the YAML file, then each feature's built-in defaults. Helidon's own environment and system-property
 * sources are switched off so that nothing else can change a setting behind the operator's back.
 */
public final class ConfigLoader {

    /** Contract §1 variables and the keys they set. */
    static final Map<String, String> ENVIRONMENT_KEYS = Map.of(
            "HOLDFAST_NODE_ID", "node.id",
            "HOLDFAST_DATA_DIR", "node.data-dir",
            "HOLDFAST_HTTP_PORT", "http.port",
            "HOLDFAST_MLLP_PORT", "mllp.port",
            "HOLDFAST_MQTT_URL", "mqtt.url",
            "HOLDFAST_EMBEDDED_BROKER_PORT", "mqtt.embedded-broker.port",
            "HOLDFAST_UPSTREAM_URL", "upstream.url",
            "HOLDFAST_UPSTREAM_TOKEN", "upstream.token",
            "HOLDFAST_ADMIN_TOKEN", "security.admin-token");

    private static final String GENERIC_PREFIX = "HOLDFAST_CONFIG_";

    private ConfigLoader() {
    }

    /**
     * @param yamlFile  the YAML file, or null for none (a named file that does not exist is an error)
     * @param env       the environment to read (normally {@code System.getenv()})
     * @param overrides highest-priority values by key (may be empty)
     */
    public static Config load(Path yamlFile, Map<String, String> env, Map<String, String> overrides) {
        List<Supplier<? extends io.helidon.config.spi.ConfigSource>> sources = new ArrayList<>();
        sources.add(ConfigSources.create(Map.copyOf(overrides), "overrides"));
        sources.add(ConfigSources.create(fromEnvironment(env), "environment"));
        if (yamlFile != null) {
            if (!Files.isRegularFile(yamlFile)) {
                throw new SettingsException("(file)", "configuration file " + yamlFile + " does not exist");
            }
            sources.add(ConfigSources.file(yamlFile));
        }
        return Config.builder()
                .sources(sources)
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .build();
    }

    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        env.forEach((name, value) -> {
            String key = ENVIRONMENT_KEYS.get(name);
            if (key == null && name.startsWith(GENERIC_PREFIX)) {
                // HOLDFAST_CONFIG_JOURNAL__QUEUE_CAPACITY -> journal.queue-capacity
                key = name.substring(GENERIC_PREFIX.length()).toLowerCase(java.util.Locale.ROOT)
                        .replace("__", ".").replace('_', '-');
            }
            if (key != null) {
                values.put(key, value);
            }
        });
        return values;
    }
}
