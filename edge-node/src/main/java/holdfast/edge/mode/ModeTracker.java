package holdfast.edge.mode;

import holdfast.edge.lanes.DiskGuard;
import holdfast.edge.sync.SyncProgress;
import holdfast.shared.api.NodeMode;
import holdfast.shared.envelope.Lane;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out the node's mode from what it can see (upstream configured and reachable, lanes refusing) and
 * remembers since when it has been in it. BACKPRESSURE wins over the upstream modes: refusing events is
 * what an operator must act on first. Thread-safe.
 */
public final class ModeTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ModeTracker.class);

    private final boolean upstreamConfigured;
    private final SyncProgress sync;
    private final DiskGuard disk;
    private final Clock clock;
    private Snapshot current;

    public ModeTracker(boolean upstreamConfigured, SyncProgress sync, DiskGuard disk, Clock clock) {
        this.upstreamConfigured = upstreamConfigured;
        this.sync = sync;
        this.disk = disk;
        this.clock = clock;
    }

    public synchronized Snapshot current() {
        List<String> refusals = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            disk.refusal(lane).ifPresent(reason -> refusals.add(lane.wireName() + ": " + reason));
        }
        NodeMode mode;
        String cause;
        if (!refusals.isEmpty()) {
            mode = NodeMode.BACKPRESSURE;
            cause = "lanes refusing new events (" + String.join("; ", refusals) + ")";
        } else if (!upstreamConfigured) {
            mode = NodeMode.LOCAL_ONLY;
            cause = "no upstream configured: all events stay buffered on this node";
        } else if (sync.reachable()) {
            mode = NodeMode.ONLINE;
            cause = null;
        } else {
            mode = NodeMode.DEGRADED;
            String error = sync.upstream().lastError();
            // A refused token needs a person (new token, then retry); an outage only needs patience.
            String what = "UNAUTHORIZED".equals(sync.upstream().state()) ? "cloud refuses this node's credentials"
                    : "cloud unreachable";
            cause = what + (error != null ? ": " + error : "") + "; buffering locally";
        }
        if (current == null || current.mode() != mode) {
            Instant now = clock.instant();
            LOG.info("event=mode.changed from={} to={} cause=\"{}\"", current == null ? null : current.mode(), mode,
                    cause);
            current = new Snapshot(mode, now, cause);
        } else if (!java.util.Objects.equals(current.cause(), cause)) {
            current = new Snapshot(mode, current.since(), cause);
        }
        return current;
    }

    /** True when at least one lane accepts events. */
    public boolean accepting() {
        return disk.refusal(Lane.CRITICAL).isEmpty();
    }

    public Optional<String> refusal(Lane lane) {
        return disk.refusal(lane);
    }

    /** The mode, since when, and why in plain words (null when all is well). */
    public record Snapshot(NodeMode mode, Instant since, String cause) {
    }
}
