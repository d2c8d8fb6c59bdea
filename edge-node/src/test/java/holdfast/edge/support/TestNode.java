package holdfast.edge.support;

import holdfast.edge.EdgeNode;
import holdfast.edge.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** An in-process edge node on a loopback port of its own, over a given data dir, for real-component tests. */
public final class TestNode implements AutoCloseable {

    public static final String ADMIN_TOKEN = "hf_test-admin-token-0123456789";

    private final EdgeNode node;
    private final ApiClient api;

    private TestNode(EdgeNode node) {
        this.node = node;
        this.api = new ApiClient("http://127.0.0.1:" + node.httpPort());
    }

    public static TestNode start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /**
     * Disk watermarks, the embedded MQTT broker and the canary are off unless the overrides set them: test machines may
     * have little free space, and the broker costs seconds and a port.
     */
    public static TestNode start(Path dataDir, Map<String, String> overrides) {
        return start(dataDir, overrides, Clock.systemUTC());
    }

    /** With a clock of the test's own (e.g. {@link MutableClock}) for time-based behaviour. */
    public static TestNode start(Path dataDir, Map<String, String> overrides, Clock clock) {
        Map<String, String> values = new HashMap<>();
        values.put("node.data-dir", dataDir.toString());
        values.put("http.port", "0");
        values.put("security.admin-token", ADMIN_TOKEN);
        values.put("disk.batch-min-free-mb", "0");
        values.put("disk.standard-min-free-mb", "0");
        values.put("disk.critical-min-free-mb", "0");
        // No embedded MQTT broker unless a test asks for one: it takes seconds to start and a fixed port.
        values.put("mqtt.embedded-broker.port", "0");
        values.put("backup.dir", dataDir.resolve("backups").toString()); // never the working dir
        values.put("mllp.port", "0"); // a free MLLP port, read back with node().mllpPort()
        values.put("canary.interval-seconds", "0"); // no synthetic canaries in what tests count, unless asked
        values.putAll(overrides);
        return new TestNode(EdgeNode.start(ConfigLoader.load(null, Map.of(), values), clock));
    }

    public ApiClient api() {
        return api;
    }

    public EdgeNode node() {
        return node;
    }

    @Override
    public void close() {
        node.close();
    }
}
