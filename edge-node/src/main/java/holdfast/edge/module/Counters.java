package holdfast.edge.module;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where a module registers a counter it increments itself ({@code NodeMetrics::counter}); a port for the same
 * reason as {@link Gauges}: the channels sit below the metrics and may not depend on them.
 */
@FunctionalInterface
public interface Counters {

    /** @param name ending in {@code _total}; @param labels Prometheus labels without braces, or empty */
    LongAdder counter(String name, String help, String labels);
}
