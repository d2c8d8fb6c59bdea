package holdfast.edge.facts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.ingest.IngestHook;
import holdfast.edge.ingest.IngestRequest;
import holdfast.edge.journal.Journal;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.journal.LaneJournals;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same-fact rule across channels. A new event whose facts ({@link FactKeys}) were <em>all</em> already
 * journaled by the other side (device channel vs HL7) is marked {@code payload.sameFactAs} = the event id
 * that first stated them; a partial overlap is not a duplicate (it carries new facts) and is left alone, as
 * are repeats within one side (a device's own repeats are its idempotency key's business). Facts are
 * recorded only once their event is durable, so two copies racing each other may both go unmarked: the safe
 * side, since an unmarked copy is synced rather than skipped. Thread-safe.
 */
public final class SameFactIndex implements IngestHook {

    private static final Logger LOG = LoggerFactory.getLogger(SameFactIndex.class);
    private static final int EVICT_EVERY = 10_000;

    private final FactSettings settings;
    private final Clock clock;
    private final Map<String, Seen> facts = new ConcurrentHashMap<>();
    private final AtomicLong recorded = new AtomicLong();

    public SameFactIndex(FactSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Loads the facts of every journaled event inside the window. */
    public void rebuild(LaneJournals journals) {
        facts.clear();
        long events = 0;
        for (Journal journal : journals.all()) {
            try (JournalReader reader = journal.readerAfter(JournalEntry.NO_INDEX)) {
                JournalEntry entry;
                while ((entry = reader.next()) != null) {
                    events++;
                    record(entry.event());
                }
            }
        }
        LOG.info("event=facts.rebuilt events={} facts={}", events, facts.size());
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
        for (String key : keys.keySet()) {
            Seen seen = facts.get(key);
            if (seen == null || seen.side().equals(side)) {
                return r;
            }
            first = first == null ? seen.eventId() : first;
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
        Instant oldest = clock.instant().minus(settings.window());
        String side = side(event.kind());
        keys.forEach((key, at) -> {
            if (!at.isBefore(oldest)) {
                facts.putIfAbsent(key, new Seen(event.eventId(), side, at));
            }
        });
        if (recorded.incrementAndGet() % EVICT_EVERY == 0) {
            facts.values().removeIf(s -> s.observedAt().isBefore(oldest));
        }
    }

    private static String side(EventKind kind) {
        return kind == EventKind.HL7 ? "hl7" : "device";
    }

    /** Facts currently indexed (for tests and metrics). */
    public int size() {
        return facts.size();
    }

    private record Seen(String eventId, String side, Instant observedAt) {
    }
}
