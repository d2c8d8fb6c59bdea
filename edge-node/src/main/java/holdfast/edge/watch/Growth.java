package holdfast.edge.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How much a count rose within a sliding window: the newest value minus the lowest one seen in the window (a count
 * that falls, as items are resolved, does not hide a new pile). Not thread-safe: the watch thread owns it.
 */
final class Growth {

    private record Point(Instant at, long value) {
    }

    private final Duration window;
    private final Deque<Point> points = new ArrayDeque<>();

    Growth(Duration window) {
        this.window = window;
    }

    long rise(Instant now, long value) {
        points.addLast(new Point(now, value));
        while (!points.isEmpty() && points.peekFirst().at().isBefore(now.minus(window))) {
            points.removeFirst();
        }
        long lowest = value;
        for (Point p : points) {
            lowest = Math.min(lowest, p.value());
        }
        return value - lowest;
    }
}
