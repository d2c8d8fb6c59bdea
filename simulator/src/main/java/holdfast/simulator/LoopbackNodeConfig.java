package holdfast.simulator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Configuration overrides for an edge node run in-process by a benchmark or a test: free loopback ports, a
 * known admin token, no embedded broker or MQTT (callers turn on what they measure), no synthetic canary (it would
 * add events to what they count), and disk watermarks off
 * (a development machine may have little free space).
 */
public final class LoopbackNodeConfig {
    private LoopbackNodeConfig() {
    }

    /** A mutable map: callers add the settings their scenario needs. */
    public static Map<String, String> overrides(Path dataDir, String adminToken) {
        Map<String, String> config = new HashMap<>();
        config.put("node.data-dir", dataDir.toString());
        config.put("http.port", "0");
        config.put("mllp.port", "0");
        config.put("security.admin-token", adminToken);
        config.put("disk.batch-min-free-mb", "0");
        config.put("disk.standard-min-free-mb", "0");
        config.put("disk.critical-min-free-mb", "0");
        config.put("mqtt.embedded-broker.port", "0");
        config.put("mqtt.url", "");
        config.put("canary.interval-seconds", "0");
        return config;
    }
}
