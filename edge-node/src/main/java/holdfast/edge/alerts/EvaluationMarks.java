package holdfast.edge.alerts;

import holdfast.shared.envelope.Lane;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per lane, the laneSeq up to which readings have been judged, as the alerts mark file keeps it across a
 * crash. A reading is judged on the thread that journaled it; only a reading that matched a rule leaves work
 * on the alerts thread. The mark never passes a reading whose raise is still queued there, so a crash in
 * between makes the next start judge it again rather than lose its alert, and a reading that matched nothing
 * costs no hand-off to another thread.
 *
 * <p>Thread-safe.
 */
final class EvaluationMarks {

    private static final long NONE = Long.MIN_VALUE;

    // Every request thread moves these, once per reading: lock-free, unlike a map entry shared by all of them.
    private final Map<Lane, AtomicLong> judged = new EnumMap<>(Lane.class);
    private final Map<Lane, ConcurrentSkipListMap<Long, Integer>> raising = new EnumMap<>(Lane.class);

    EvaluationMarks() {
        for (Lane lane : Lane.values()) {
            judged.put(lane, new AtomicLong(NONE));
            raising.put(lane, new ConcurrentSkipListMap<>());
        }
    }

    /** Where a start resumes: the marks read from the file (or the lanes' ends on a first start). */
    void resumeFrom(Map<Lane, Long> marks) {
        marks.forEach(this::judged);
    }

    /** A raise for the reading at {@code laneSeq} is queued; call before {@link #judged}. */
    void raising(Lane lane, long laneSeq) {
        raising.get(lane).merge(laneSeq, 1, Integer::sum);
    }

    /** A raise queued by {@link #raising} has run (raised, folded or failed and counted). */
    void raised(Lane lane, long laneSeq) {
        raising.get(lane).computeIfPresent(laneSeq, (seq, n) -> n == 1 ? null : n - 1);
    }

    /** Every rule has looked at the reading at {@code laneSeq}; what matched is queued. */
    void judged(Lane lane, long laneSeq) {
        judged.get(lane).accumulateAndGet(laneSeq, Math::max);
    }

    /** Per lane, the highest laneSeq below which nothing is left to raise. */
    Map<Lane, Long> marks() {
        Map<Lane, Long> marks = new EnumMap<>(Lane.class);
        // Judged before raising: a raise queued for a reading already counted as judged is then seen too.
        judged.forEach((lane, value) -> {
            long seq = value.get();
            if (seq != NONE) {
                Map.Entry<Long, Integer> oldest = raising.get(lane).firstEntry();
                marks.put(lane, oldest == null ? seq : Math.min(seq, oldest.getKey() - 1));
            }
        });
        return marks;
    }
}
