package holdfast.edge;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code node.*} and {@code http.host}/{@code http.port}: the node's id ({@code HOLDFAST_NODE_ID}, default
 * {@code edge-1}), data dir ({@code HOLDFAST_DATA_DIR}, default {@code ./data}), and where the HTTP API
 * listens ({@code 127.0.0.1}:{@code HOLDFAST_HTTP_PORT}, default 8080; 0 picks a free port).
 */
public record NodeSettings(String nodeId, Path dataDir, String httpHost, int httpPort, String upstreamUrl) {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public static NodeSettings from(Config root) {
        String nodeId = Settings.string(root, "node.id", "edge-1");
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new SettingsException("node.id", "must match " + NODE_ID.pattern());
        }
        String dataDir = Settings.string(root, "node.data-dir", "./data");
        if (dataDir.isBlank()) {
            throw new SettingsException("node.data-dir", "must not be empty");
        }
        return new NodeSettings(nodeId, Path.of(dataDir).toAbsolutePath().normalize(),
                Settings.string(root, "http.host", "127.0.0.1"),
                Settings.intIn(root, "http.port", 8080, 0, 65535),
                Settings.string(root, "upstream.url", ""));
    }
}
