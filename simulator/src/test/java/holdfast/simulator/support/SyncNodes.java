package holdfast.simulator.support;

import holdfast.edge.EdgeNode;
import holdfast.edge.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * In-process edge nodes wired to a cloud, for the store-and-forward tests: loopback, port 0, no MQTT broker,
 * no disk watermarks, quick backoff; {@code bulk-} devices go to the batch lane.
 */
public final class SyncNodes {

    public static final String CLOUD_TOKEN = "cloud-test-token";

    private SyncNodes() {
    }

    public static Map<String, String> config(Path dataDir, String cloudUrl) {
        Map<String, String> values = holdfast.simulator.LoopbackNodeConfig.overrides(dataDir, NodeClient.ADMIN_TOKEN);
        values.put("node.id", "edge-test");
        values.put("upstream.url", cloudUrl);
        values.put("upstream.token", CLOUD_TOKEN);
        values.put("upstream.backoff-initial-ms", "50");
        values.put("upstream.backoff-max-ms", "500");
        values.put("upstream.breaker-delay-ms", "300");
        values.put("upstream.probe-interval-ms", "500");
        values.put("upstream.drain-max-events-per-second", "0");
        values.put("lanes.rules.0.name", "bulk-backfill");
        values.put("lanes.rules.0.device-prefix", "bulk-");
        values.put("lanes.rules.0.lane", "batch");
        return values;
    }

    public static EdgeNode start(Path dataDir, String cloudUrl, Map<String, String> overrides) {
        Map<String, String> values = config(dataDir, cloudUrl);
        values.putAll(overrides);
        return EdgeNode.start(ConfigLoader.load(null, Map.of(), values), Clock.systemUTC());
    }
}
