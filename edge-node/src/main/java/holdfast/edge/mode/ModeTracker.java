package holdfast.edge.mode;

import holdfast.edge.lanes.DiskGuard;
import holdfast.edge.sync.SyncProgress;
import holdfast.shared.api.NodeMode;
import holdfast.shared.api.UpstreamStatus;
import holdfast.shared.envelope.Lane;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out the node's mode from what it can see (upstream configured and reachable, lanes refusing, backlog
 * still held from an outage, age of the oldest critical event not yet sent) and remembers since when it has been
 * in it. BACKPRESSURE wins over the upstream modes: refusing events is what an operator must act on first.
 * ONLINE is said only while the cloud answers and no critical event has waited longer than
 * {@code mode.online-critical-max-age-ms}; while the backlog of an outage is still being sent, the mode is
 * DRAINING. Thread-safe.
 */
public final class ModeTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ModeTracker.class);

    private final boolean upstreamConfigured;
    private final SyncProgress sync;
    private final DiskGuard disk;
    private final Clock clock;
    private final ModeSettings settings;
    private Snapshot current;

    public ModeTracker(boolean upstreamConfigured, SyncProgress sync, DiskGuard disk, Clock clock) {
        this(upstreamConfigured, sync, disk, clock, ModeSettings.defaults());
    }

    /** The tracker as {@code mode.*} configures it. */
    public static ModeTracker build(io.helidon.config.Config mode, boolean upstreamConfigured, SyncProgress sync,
                                    DiskGuard disk, Clock clock) {
        return new ModeTracker(upstreamConfigured, sync, disk, clock, ModeSettings.from(mode));
    }

    ModeTracker(boolean upstreamConfigured, SyncProgress sync, DiskGuard disk, Clock clock,
                       ModeSettings settings) {
        this.upstreamConfigured = upstreamConfigured;
        this.sync = sync;
        this.disk = disk;
        this.clock = clock;
        this.settings = settings;
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
            cause = drainingCause();
            mode = cause == null ? NodeMode.ONLINE : NodeMode.DRAINING;
        } else {
            mode = NodeMode.DEGRADED;
            cause = degradedCause(sync.upstream());
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

    /** Why the node is not ONLINE although the cloud answers, or null when it is. */
    private String drainingCause() {
        if (sync.draining()) {
            return "cloud reachable again: sending the backlog held during the outage, critical first";
        }
        long criticalAge = sync.oldestBacklogAgeMs(Lane.CRITICAL);
        if (criticalAge > settings.onlineCriticalMaxAge().toMillis()) {
            return "critical events waiting " + Math.round(criticalAge / 1000.0) + " s for the cloud";
        }
        return null;
    }

    /** Each trouble in its own words, once: what the cloud does, the detail, what the node does about it. */
    private static String degradedCause(UpstreamStatus up) {
        String error = up.lastError();
        if ("UNAUTHORIZED".equals(up.state()) || "UNAUTHORIZED".equals(up.trouble())) {
            // A refused token needs a person (new token, then retry); an outage only needs patience.
            return "cloud refuses this node's credentials" + (error != null ? ": " + error : "");
        }
        String what;
        if ("BUSY".equals(up.trouble())) {
            what = "cloud busy" + (up.retryAfterSeconds() != null ? ", retry after " + up.retryAfterSeconds() + " s"
                    : "");
        } else if ("FAILING".equals(up.trouble())) {
            what = "cloud answers with errors";
        } else {
            what = "cloud unreachable";
        }
        return what + (error != null ? " (" + error + ")" : "") + "; buffering locally";
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
