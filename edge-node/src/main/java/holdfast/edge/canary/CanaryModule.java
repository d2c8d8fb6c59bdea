package holdfast.edge.canary;

import holdfast.edge.ingest.IngestHook;
import holdfast.edge.observe.NodeMetrics;
import holdfast.edge.security.TokenStore;
import holdfast.edge.sync.SyncProgress;
import holdfast.shared.api.CanaryStatus;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.IntSupplier;

/**
 * The synthetic canary, when {@code canary.interval-seconds} is above 0: its ingest hook (first in the chain: a
 * marked canary becomes kind canary, which no projection after it looks at), its status, and its sending, started
 * once the node's doors are open and stopped before anything it sends through closes.
 */
public final class CanaryModule implements holdfast.edge.module.Module {

    private final Canary canary; // null when the canary is off

    private CanaryModule(Canary canary) {
        this.canary = canary;
    }

    public static CanaryModule build(Config config, String nodeId, Path dataDir, SyncProgress sync, boolean upstream,
                                     TokenStore tokens, Clock clock, NodeMetrics metrics) {
        CanarySettings settings = CanarySettings.from(config.get("canary"));
        return new CanaryModule(settings.enabled() ? new Canary(settings, nodeId,
                CanaryMark.load(dataDir.resolve("canary.key")), sync, upstream, tokens, clock, metrics) : null);
    }

    public IngestHook hook() {
        return canary == null ? IngestHook.NONE : canary.hook();
    }

    /** The last proof per path; null when the canary is off. */
    public CanaryStatus status() {
        return canary == null ? null : canary.status();
    }

    /**
     * Starts sending through the paths given (null: a path left to its real senders, e.g. a TLS listener or a
     * site's own broker).
     */
    public void start(IntSupplier httpPort, String mqttUrl, IntSupplier mllpPort) {
        if (canary != null) {
            canary.start(httpPort, mqttUrl, mllpPort);
        }
    }

    @Override
    public void close() {
        if (canary != null) {
            canary.close();
        }
    }
}
