package holdfast.edge.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Unexpected failures of channel handlers (an exception no parser or validation rule accounts for): each one
 * is contained by its channel (dead-lettered, answered, acknowledged) and recorded here, so that a channel
 * that keeps failing is visible in health and status instead of only in the log. A channel is
 * {@code FAILING} while it had at least {@link #THRESHOLD} such failures within {@link #WINDOW}; it becomes
 * {@code OK} again by itself once the window holds fewer. Thread-safe.
 */
public final class ChannelFailures {

    static final int THRESHOLD = 3;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, Channel> channels = new TreeMap<>(); // guarded by this

    public ChannelFailures(Clock clock) {
        this.clock = clock;
    }

    /** Records one contained failure of {@code channel}; {@code error} names its kind, never the input. */
    public synchronized void failed(String channel, String error) {
        Channel c = channels.computeIfAbsent(channel, k -> new Channel());
        Instant now = clock.instant();
        c.total++;
        c.lastError = error;
        c.lastAt = now;
        c.recent.addLast(now);
        while (c.recent.size() > THRESHOLD) {
            c.recent.removeFirst();
        }
    }

    /** Failures of {@code channel} since start (for the metrics). */
    public synchronized long total(String channel) {
        Channel c = channels.get(channel);
        return c == null ? 0 : c.total;
    }

    /** Every channel that ever failed, by name, with whether it is failing now. */
    public synchronized List<State> states() {
        Instant since = clock.instant().minus(WINDOW);
        List<State> out = new ArrayList<>();
        channels.forEach((name, c) -> {
            boolean failing = c.recent.size() >= THRESHOLD && !c.recent.peekFirst().isBefore(since);
            out.add(new State(name, failing, c.total, c.lastAt, c.lastError));
        });
        return out;
    }

    /** True when some channel is failing now. */
    public boolean anyFailing() {
        return states().stream().anyMatch(State::failing);
    }

    /** One channel's record: {@code failing} now, failures since start, the last one's time and kind. */
    public record State(String channel, boolean failing, long failures, Instant lastFailureAt, String lastError) {
    }

    private static final class Channel {
        private final Deque<Instant> recent = new ArrayDeque<>();
        private long total;
        private Instant lastAt;
        private String lastError;
    }
}
