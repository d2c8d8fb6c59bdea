package holdfast.edge.observe;

import holdfast.edge.ingest.IngestListener;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The node's own meters, rendered as Prometheus text at {@code /observe/metrics}. Kept per node instance
 * (no global registry) so several nodes in one JVM, as in tests, never share or confuse their numbers.
 * Thread-safe: counters are {@link LongAdder}s, gauges are read when scraped.
 */
public final class NodeMetrics implements IngestListener {

    private final Map<Lane, LongAdder> accepted = new EnumMap<>(Lane.class);
    private final Map<Lane, LongAdder> refused = new EnumMap<>(Lane.class);
    private final Map<String, LongAdder> duplicates = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
    private final List<Gauge> gauges = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Counter> counters = new java.util.concurrent.CopyOnWriteArrayList<>();

    public NodeMetrics() {
        for (Lane lane : Lane.values()) {
            accepted.put(lane, new LongAdder());
            refused.put(lane, new LongAdder());
        }
    }

    /** Registers a value read at scrape time, e.g. a lane's journal length. */
    public void gauge(String name, String help, String labels, LongSupplier value) {
        gauges.add(new Gauge(name, help, labels, value));
    }

    /**
     * Registers a feature's own counter (e.g. MQTT reconnects) and returns it for the feature to increment.
     * Counters of one name must be registered next to each other, as they are rendered in order.
     */
    public LongAdder counter(String name, String help, String labels) {
        LongAdder adder = new LongAdder();
        counters.add(new Counter(name, help, labels, adder));
        return adder;
    }

    @Override
    public void accepted(EventEnvelope event) {
        accepted.get(event.lane()).increment();
    }

    @Override
    public void duplicate(String channel) {
        duplicates.computeIfAbsent(channel, c -> new LongAdder()).increment();
    }

    @Override
    public void refused(Lane lane) {
        refused.get(lane).increment();
    }

    @Override
    public void deadLettered(String channel) {
        deadLetters.computeIfAbsent(channel, c -> new LongAdder()).increment();
    }

    /** Prometheus text exposition format 0.0.4. */
    public String scrape() {
        StringBuilder out = new StringBuilder(4096);
        counterFamily(out, "holdfast_ingest_accepted_total", "Events journaled for the first time", "lane", laneMap(accepted));
        counterFamily(out, "holdfast_ingest_refused_total", "Events refused by back-pressure", "lane", laneMap(refused));
        counterFamily(out, "holdfast_ingest_duplicates_total", "Repeated idempotency keys", "channel", duplicates);
        counterFamily(out, "holdfast_ingest_deadletters_total", "Inputs kept as dead letters", "channel", deadLetters);
        String lastName = null;
        for (Counter c : new ArrayList<>(counters)) {
            if (!c.name().equals(lastName)) {
                out.append("# HELP ").append(c.name()).append(' ').append(c.help()).append('\n');
                out.append("# TYPE ").append(c.name()).append(" counter\n");
                lastName = c.name();
            }
            out.append(c.name());
            if (!c.labels().isEmpty()) {
                out.append('{').append(c.labels()).append('}');
            }
            out.append(' ').append(c.value().sum()).append('\n');
        }
        for (Gauge g : new ArrayList<>(gauges)) {
            if (!g.name().equals(lastName)) {
                out.append("# HELP ").append(g.name()).append(' ').append(g.help()).append('\n');
                out.append("# TYPE ").append(g.name()).append(" gauge\n");
                lastName = g.name();
            }
            out.append(g.name());
            if (!g.labels().isEmpty()) {
                out.append('{').append(g.labels()).append('}');
            }
            out.append(' ').append(g.value().getAsLong()).append('\n');
        }
        return out.toString();
    }

    private static Map<String, LongAdder> laneMap(Map<Lane, LongAdder> byLane) {
        Map<String, LongAdder> m = new java.util.LinkedHashMap<>();
        byLane.forEach((lane, adder) -> m.put(lane.wireName(), adder));
        return m;
    }

    private static void counterFamily(StringBuilder out, String name, String help, String label,
                                      Map<String, LongAdder> values) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        values.forEach((key, adder) -> out.append(name).append('{').append(label).append("=\"").append(key)
                .append("\"} ").append(adder.sum()).append('\n'));
    }

    private record Gauge(String name, String help, String labels, LongSupplier value) {
    }

    private record Counter(String name, String help, String labels, LongAdder value) {
    }
}
