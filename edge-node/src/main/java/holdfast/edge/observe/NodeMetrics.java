package holdfast.edge.observe;

import holdfast.edge.ingest.IngestListener;
import holdfast.edge.journal.LaneJournals;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The node's own meters, exposed at {@code /observe/metrics}: events accepted and refused per lane,
 * duplicates and dead letters per channel, and each lane's journal length and pending appends. Thread-safe.
 */
public final class NodeMetrics implements IngestListener {

    private final MeterRegistry registry;
    private final Map<Lane, Counter> accepted = new EnumMap<>(Lane.class);
    private final Map<Lane, Counter> refused = new EnumMap<>(Lane.class);
    private final Map<String, Counter> duplicates = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

    public NodeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Lane lane : Lane.values()) {
            accepted.put(lane, counter("holdfast.ingest.accepted", "lane", lane.wireName()));
            refused.put(lane, counter("holdfast.ingest.refused", "lane", lane.wireName()));
        }
    }

    /** Gauges that read the journals when scraped. */
    public void watch(LaneJournals journals) {
        for (Lane lane : Lane.values()) {
            gauge("holdfast.journal.appended", lane, j -> j.of(lane).lastSeq(), journals);
            gauge("holdfast.journal.pending", lane, j -> j.of(lane).pendingAppends(), journals);
        }
    }

    @Override
    public void accepted(EventEnvelope event) {
        accepted.get(event.lane()).increment();
    }

    @Override
    public void duplicate(String channel) {
        duplicates.computeIfAbsent(channel, c -> counter("holdfast.ingest.duplicates", "channel", c)).increment();
    }

    @Override
    public void refused(Lane lane) {
        refused.get(lane).increment();
    }

    @Override
    public void deadLettered(String channel) {
        deadLetters.computeIfAbsent(channel, c -> counter("holdfast.ingest.deadletters", "channel", c)).increment();
    }

    private Counter counter(String name, String tag, String value) {
        return registry.getOrCreate(Counter.builder(name).tags(List.of(Tag.create(tag, value))));
    }

    private <T> void gauge(String name, Lane lane, ToLongFunction<T> reading, T source) {
        registry.getOrCreate(Gauge.builder(name, source, s -> reading.applyAsLong(s))
                .tags(List.of(Tag.create("lane", lane.wireName()))));
    }
}
