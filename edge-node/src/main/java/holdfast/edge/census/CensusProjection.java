package holdfast.edge.census;

import holdfast.edge.ingest.IngestHook;
import holdfast.edge.ingest.IngestRequest;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.projection.JournalPass;
import holdfast.edge.projection.Projection;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Subject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The census as a projection of the journals: {@link #rebuild()} replays every {@code hl7} event of every
 * lane (in order of receipt) into a fresh book; as an {@link IngestHook} it applies each newly journaled ADT
 * event, and gives each new device observation or alarm the patient and encounter that occupied its
 * subject's bed at the reading's {@code occurredAt} (when the channel did not already name a patient).
 * Thread-safe: rebuilds run one at a time and never block ingest for longer than the swap; changes
 * journaled while a rebuild reads are applied to the new book too; lookups read the current book.
 */
final class CensusProjection implements Census, IngestHook {

    private static final Logger LOG = LoggerFactory.getLogger(CensusProjection.class);

    private final LaneJournals journals;
    /** Guards the swap and the changes that arrive while a rebuild reads the journals (held briefly). */
    private final Object updates = new Object();
    private final Object rebuilding = new Object();
    private volatile CensusBook book = new CensusBook();
    private List<AdtChange> arrivedDuringRebuild;

    public CensusProjection(LaneJournals journals) {
        this.journals = journals;
    }

    /** Replays the journals into a new book and swaps it in; returns what was replayed. */
    public RebuildResult rebuild() {
        synchronized (rebuilding) {
            Replay replay = replay();
            JournalPass.run(journals, List.of(replay));
            return replay.result;
        }
    }

    /** A rebuild fed by start-up's one pass over the lanes (or by {@link #rebuild()}). */
    public Replay replay() {
        synchronized (updates) {
            arrivedDuringRebuild = new ArrayList<>();
        }
        return new Replay();
    }

    /** Collects the ADT changes of one pass, then swaps a fresh book in. */
    public final class Replay implements Projection {
        private final long started = System.nanoTime();
        private final List<Timed> changes = new ArrayList<>();
        private long hl7Events;
        private RebuildResult result;

        private Replay() {
        }

        @Override
        public String name() {
            return "census";
        }

        @Override
        public void replayed(JournalEntry entry) {
            EventEnvelope e = entry.event();
            if (e.kind() == EventKind.HL7) {
                hl7Events++;
                AdtChange.of(e).ifPresent(change -> changes.add(new Timed(e.receivedAt(), change)));
            }
        }

        @Override
        public void replayDone() {
            changes.sort(Comparator.comparing(Timed::receivedAt));
            CensusBook fresh = new CensusBook();
            changes.forEach(t -> fresh.apply(t.change()));
            synchronized (updates) {
                // Journaled while we read: applied once more here; the book skips any it already replayed.
                arrivedDuringRebuild.forEach(fresh::apply);
                arrivedDuringRebuild = null;
                book = fresh;
            }
            result = new RebuildResult(hl7Events, changes.size(), fresh.beds(), (System.nanoTime() - started) / 1_000_000);
            LOG.info("event=census.rebuilt hl7Events={} changes={} beds={} millis={}", result.hl7Events(),
                    result.changes(), result.beds(), result.millis());
        }
    }

    @Override
    public Optional<Stay> occupantAt(String bed, Instant at) {
        return book.occupantAt(bed, at);
    }

    @Override
    public Optional<Stay> stayOf(String patientId, Instant at) {
        return book.stayOf(patientId, at);
    }

    @Override
    public List<Stay> history(String bed) {
        return book.history(bed);
    }

    @Override
    public IngestRequest beforeJournal(IngestRequest r) {
        Subject s = r.subject();
        if ((r.kind() != EventKind.OBSERVATION && r.kind() != EventKind.ALARM) || s == null || s.bed() == null
                || s.patientId() != null) {
            return r;
        }
        Optional<Stay> stay = book.occupantAt(s.bed(), r.occurredAt());
        if (stay.isEmpty()) {
            return r;
        }
        return new IngestRequest(r.idempotencyKey(), r.kind(), r.source(), r.correlationId(), r.causationId(),
                r.occurredAt(), s.withPatient(stay.get().patientId(), stay.get().encounterId()), r.payload(), r.raw(),
                r.laneCandidate());
    }

    @Override
    public void journaled(EventEnvelope event) {
        if (event.kind() != EventKind.HL7) {
            return;
        }
        Optional<AdtChange> change = AdtChange.of(event);
        if (change.isPresent()) {
            synchronized (updates) {
                if (arrivedDuringRebuild != null) {
                    arrivedDuringRebuild.add(change.get());
                }
                book.apply(change.get());
            }
        }
    }

    private record Timed(Instant receivedAt, AdtChange change) {
    }

    /** What a rebuild replayed. */
    public record RebuildResult(long hl7Events, long changes, int beds, long millis) {
    }
}
