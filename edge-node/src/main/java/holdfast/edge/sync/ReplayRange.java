package holdfast.edge.sync;

import java.time.Instant;

/**
 * What {@code POST /api/v1/lanes/{lane}/replay} asks for: a laneSeq range, or a receivedAt range (then the
 * seq bounds are the whole lane). Both ends inclusive.
 */
public record ReplayRange(long fromSeq, long toSeq, Instant fromTime, Instant toTime) {

    public ReplayRange {
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("need 1 <= fromSeq <= toSeq (was " + fromSeq + ".." + toSeq + ")");
        }
        if ((fromTime == null) != (toTime == null) || fromTime != null && toTime.isBefore(fromTime)) {
            throw new IllegalArgumentException("a time range needs both from and to, from not after to");
        }
    }

    boolean covers(long seq, Instant receivedAt) {
        return seq >= fromSeq && seq <= toSeq
                && (fromTime == null || !receivedAt.isBefore(fromTime) && !receivedAt.isAfter(toTime));
    }
}
