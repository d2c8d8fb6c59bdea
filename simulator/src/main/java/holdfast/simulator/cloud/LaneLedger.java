package holdfast.simulator.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Order checks per node and lane (contract §5: laneSeq contiguous, batches in journal order) and the order in
 * which lanes' events were accepted since this cloud started (for "critical drains first" checks). A laneSeq
 * at or below the highest seen is a resend, replay or post-crash repeat and is fine; one above the highest + 1
 * is a gap; a batch whose laneSeqs do not rise is out of order. The arrival log keeps, for each accepted event,
 * its lane, laneSeq and the moment it was accepted (the first {@value #MAX_LOG} of them). In memory only.
 * Thread-safe.
 */
public final class LaneLedger {

    private static final int MAX_ARRIVALS = 10_000_000;
    private static final int MAX_LOG = 1_000_000;

    private final Map<String, Report> lanes = new TreeMap<>();
    private final StringBuilder arrivals = new StringBuilder();
    private final Map<String, java.time.Instant> firstAccepted = new TreeMap<>();
    private final List<Arrival> log = new ArrayList<>();

    /** One accepted event: its lane ({@code critical}, ...), laneSeq, and when this cloud accepted it. */
    public record Arrival(String lane, long laneSeq, java.time.Instant at) {
    }

    /** What was seen of one node's lane. */
    public record Report(String nodeId, String lane, long highestSeq, long events, long gaps, long outOfOrderBatches) {
    }

    synchronized void batch(String nodeId, String lane, long[] seqs) {
        String key = nodeId + "/" + lane;
        Report r = lanes.getOrDefault(key, new Report(nodeId, lane, 0, 0, 0, 0));
        long highest = r.highestSeq();
        long gaps = r.gaps();
        boolean rising = true;
        for (int i = 0; i < seqs.length; i++) {
            if (seqs[i] > highest + 1) {
                gaps++;
            }
            highest = Math.max(highest, seqs[i]);
            if (i > 0 && seqs[i] <= seqs[i - 1]) {
                rising = false;
            }
        }
        lanes.put(key, new Report(nodeId, lane, highest, r.events() + seqs.length, gaps,
                r.outOfOrderBatches() + (rising ? 0 : 1)));
    }

    synchronized void accepted(String lane, long laneSeq) {
        java.time.Instant now = java.time.Instant.now();
        firstAccepted.putIfAbsent(lane, now);
        if (arrivals.length() < MAX_ARRIVALS) {
            arrivals.append(lane.charAt(0));
        }
        if (log.size() < MAX_LOG) {
            log.add(new Arrival(lane, laneSeq, now));
        }
    }

    /** Accepted events in acceptance order, each with its lane, laneSeq and time. */
    public synchronized List<Arrival> arrivalLog() {
        return List.copyOf(log);
    }

    /** When this cloud first accepted an event of {@code lane}, or null. */
    public synchronized java.time.Instant firstAccepted(String lane) {
        return firstAccepted.get(lane);
    }

    public synchronized List<Report> reports() {
        return new ArrayList<>(lanes.values());
    }

    public synchronized Report report(String nodeId, String lane) {
        return lanes.getOrDefault(nodeId + "/" + lane, new Report(nodeId, lane, 0, 0, 0, 0));
    }

    /** First letter of each accepted event's lane ({@code c}, {@code s}, {@code b}) in acceptance order. */
    public synchronized String arrivals() {
        return arrivals.toString();
    }
}
