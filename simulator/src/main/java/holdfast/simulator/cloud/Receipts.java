package holdfast.simulator.cloud;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a node sent under each laneSeq and each idempotency key, across the cloud's own restarts when one instance
 * is handed to every start: the evidence for "exactly once, no gap". The store alone cannot tell a node that
 * journaled one input twice (the second copy is answered {@code duplicate}) from a resend of the same event;
 * here the two copies have different event ids. {@link #off()} records nothing (benchmarks, the demo). In memory
 * only. Thread-safe.
 */
public final class Receipts {

    private final boolean on;
    private final Map<String, TreeMap<Long, String>> eventBySeq = new TreeMap<>();
    private final Map<String, Set<String>> eventsByKey = new HashMap<>();
    private final Map<String, Set<String>> verdictsByKey = new HashMap<>();
    private final List<String> clashes = new ArrayList<>();

    private Receipts(boolean on) {
        this.on = on;
    }

    /** Records every judged event. */
    public static Receipts recording() {
        return new Receipts(true);
    }

    public static Receipts off() {
        return new Receipts(false);
    }

    synchronized void judged(String nodeId, CloudEvent e, String verdict) {
        if (!on) {
            return;
        }
        String lane = nodeId + "/" + e.lane();
        String before = eventBySeq.computeIfAbsent(lane, l -> new TreeMap<>()).putIfAbsent(e.laneSeq(), e.eventId());
        if (before != null && !before.equals(e.eventId())) {
            clashes.add(lane + " laneSeq " + e.laneSeq() + " carried " + before + " and then " + e.eventId());
        }
        eventsByKey.computeIfAbsent(e.idempotencyKey(), k -> new LinkedHashSet<>()).add(e.eventId());
        verdictsByKey.computeIfAbsent(e.idempotencyKey(), k -> new LinkedHashSet<>()).add(verdict);
    }

    /** The verdicts given to events of this key ({@code accepted}, {@code duplicate}, {@code conflict}...), or none. */
    public synchronized Set<String> verdicts(String idempotencyKey) {
        return Set.copyOf(verdictsByKey.getOrDefault(idempotencyKey, Set.of()));
    }

    /** How many different events carried this key (more than one: the node took one input twice). */
    public synchronized int events(String idempotencyKey) {
        return eventsByKey.getOrDefault(idempotencyKey, Set.of()).size();
    }

    /** Keys that more than one event carried. */
    public synchronized List<String> keysOfSeveralEvents() {
        return eventsByKey.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).sorted()
                .toList();
    }

    /** One laneSeq that carried two different events. */
    public synchronized List<String> clashes() {
        return List.copyOf(clashes);
    }

    /** Highest laneSeq received per {@code nodeId/lane}. */
    public synchronized Map<String, Long> highest() {
        Map<String, Long> out = new TreeMap<>();
        eventBySeq.forEach((lane, seqs) -> out.put(lane, seqs.lastKey()));
        return out;
    }

    /** laneSeqs between 1 and the highest received that never arrived, per {@code nodeId/lane} (first 20 each). */
    public synchronized Map<String, List<Long>> gaps() {
        Map<String, List<Long>> out = new TreeMap<>();
        eventBySeq.forEach((lane, seqs) -> {
            List<Long> missing = new ArrayList<>();
            long count = 0;
            for (long s = 1; s <= seqs.lastKey(); s++) {
                if (!seqs.containsKey(s)) {
                    count++;
                    if (missing.size() < 20) {
                        missing.add(s);
                    }
                }
            }
            if (count > 0) {
                out.put(lane, missing);
            }
        });
        return out;
    }

    /** Number of laneSeqs missing over every lane. */
    public synchronized long gapCount() {
        long n = 0;
        for (TreeMap<Long, String> seqs : eventBySeq.values()) {
            n += seqs.lastKey() - seqs.size();
        }
        return n;
    }
}
