package holdfast.simulator.cloud;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The batch requests that arrived (the last 10,000: when, which lane, how many events), for checks such as
 * "Retry-After was honoured" or "nothing was sent after 401". Thread-safe.
 */
public final class RequestLog {

    private static final int KEEP = 10_000;

    private final Deque<Request> requests = new ArrayDeque<>();
    private long total;

    /**
     * One batch request; {@code lane} null when the body was unreadable; {@code traceparent} the W3C trace context
     * the node sent (null when it traces nothing).
     */
    public record Request(Instant at, String lane, int events, String traceparent) {

        public Request(Instant at, String lane, int events) {
            this(at, lane, events, null);
        }
    }

    synchronized void record(Request request) {
        total++;
        requests.addLast(request);
        if (requests.size() > KEEP) {
            requests.removeFirst();
        }
    }

    public synchronized long total() {
        return total;
    }

    public synchronized List<Request> all() {
        return new ArrayList<>(requests);
    }

    /** Requests that carried events (not the node's empty probes) since {@code since}. */
    public synchronized List<Request> withEventsSince(Instant since) {
        return requests.stream().filter(r -> r.events() > 0 && !r.at().isBefore(since)).toList();
    }
}
