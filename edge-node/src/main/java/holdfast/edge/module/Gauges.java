package holdfast.edge.module;

import java.util.function.LongSupplier;

/**
 * Where a module registers the numbers it exposes as gauges ({@code NodeMetrics::gauge}). A port rather than the
 * metrics class itself, so that policies below the metrics (sync) can publish theirs without depending on it.
 */
@FunctionalInterface
public interface Gauges {

    /** @param labels Prometheus labels without braces, e.g. {@code lane="critical"}, or empty */
    void gauge(String name, String help, String labels, LongSupplier value);
}
