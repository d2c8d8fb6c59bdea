package holdfast.edge.facts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.ingest.IngestHook;
import holdfast.edge.ingest.IngestRequest;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.LaneJournals;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same-fact rule across channels. A new event whose facts ({@link FactKeys}) were <em>all</em> already
 * journaled by the other side (device channel vs HL7) is marked {@code payload.sameFactAs} = the event id
 * that first stated them; a partial overlap is not a duplicate (it carries new facts) and is left alone, as
 * are repeats within one side (a device's own repeats are its idempotency key's business). Facts are
 * recorded only once their event is durable, so two copies racing each other may both go unmarked: the safe
 * side, since an unmarked copy is synced rather than skipped.
 *
 * <p>Two facts match when their device, code and observation time (to the millisecond) are equal, whenever
 * each arrived: the wall clock plays no part, so an ORU backfilled days after the reading still links to it.
 * Memory is bounded by {@link FactSettings#maxFacts()}: past it, the facts recorded longest ago are forgotten
 * first. Thread-safe.
 */
public final class SameFactIndex implements IngestHook {

    private static final Logger LOG = LoggerFactory.getLogger(SameFactIndex.class);

    private final FactSettings settings;
    /** Insertion-ordered, so the eldest entry is the fact recorded longest ago; guarded by itself. */
    private final LinkedHashMap<String, Seen> facts;

    /** The index as {@code facts.*} configures it. */
    public static SameFactIndex from(io.helidon.config.Config facts) {
        return new SameFactIndex(FactSettings.from(facts));
    }

    SameFactIndex(FactSettings settings) {
        this.settings = settings;
        this.facts = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > settings.maxFacts();
            }
        };
    }

    /** Loads the facts of every journaled event (the newest {@code max-facts} of them stay). */
    public void rebuild(LaneJournals journals) {
        holdfast.edge.projection.JournalPass.run(journals, List.of(replay()));
    }

    /** The same, fed by start-up's one pass over the lanes. */
    public holdfast.edge.projection.Projection replay() {
        synchronized (facts) {
            facts.clear();
        }
        return new holdfast.edge.projection.Projection() {
            private long events;

            @Override
            public String name() {
                return "facts";
            }

            @Override
            public void replayed(JournalEntry entry) {
                events++;
                record(entry.event());
            }

            @Override
            public void replayDone() {
                LOG.info("event=facts.rebuilt events={} facts={}", events, size());
            }
        };
    }

    @Override
    public IngestRequest beforeJournal(IngestRequest r) {
        if (!settings.enabled() || !(r.payload() instanceof ObjectNode payload)) {
            return r;
        }
        Map<String, Instant> keys = FactKeys.of(r.kind(), payload);
        if (keys.isEmpty()) {
            return r;
        }
        String side = side(r.kind());
        String first = null;
        synchronized (facts) {
            for (String key : keys.keySet()) {
                Seen seen = facts.get(key);
                if (seen == null || seen.side().equals(side)) {
                    return r;
                }
                first = first == null ? seen.eventId() : first;
            }
        }
        ObjectNode linked = payload.deepCopy();
        linked.put("sameFactAs", first);
        LOG.info("event=facts.same_fact sameFactAs={} facts={} correlationId={}", first, keys.size(),
                r.correlationId());
        return new IngestRequest(r.idempotencyKey(), r.kind(), r.source(), r.correlationId(), r.causationId(),
                r.occurredAt(), r.subject(), linked, r.raw(), r.laneCandidate());
    }

    @Override
    public void journaled(EventEnvelope event) {
        if (settings.enabled()) {
            record(event);
        }
    }

    private void record(EventEnvelope event) {
        Map<String, Instant> keys = FactKeys.of(event.kind(), event.payload());
        if (keys.isEmpty()) {
            return;
        }
        Seen seen = new Seen(event.eventId(), side(event.kind()));
        synchronized (facts) {
            for (String key : keys.keySet()) {
                facts.putIfAbsent(key, seen);
            }
        }
    }

    private static String side(EventKind kind) {
        return kind == EventKind.HL7 ? "hl7" : "device";
    }

    /** Facts currently indexed (for tests and metrics). */
    public int size() {
        synchronized (facts) {
            return facts.size();
        }
    }

    private record Seen(String eventId, String side) {
    }
}
