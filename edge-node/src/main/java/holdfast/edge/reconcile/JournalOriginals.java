package holdfast.edge.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.edge.journal.JournalEntry;
import holdfast.edge.journal.JournalReader;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.sync.fhir.OriginalEvents;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.Lane;
import java.util.Optional;

/**
 * Finds a disputed event through its reconciliation (which holds its lane and journal index) in the lane
 * journal, for the FHIR sink to amend the original. It lives with the reconciliations so the sink need not know
 * them (sync never reads reconcile). Thread-safe (a reader per call).
 */
public final class JournalOriginals implements OriginalEvents {

    private final Reconciliations reconciliations;
    private final LaneJournals journals;
    private final EnvelopeCodec codec;

    public JournalOriginals(Reconciliations reconciliations, LaneJournals journals, EnvelopeCodec codec) {
        this.reconciliations = reconciliations;
        this.journals = journals;
        this.codec = codec;
    }

    @Override
    public Optional<JsonNode> find(long reconciliationId, String eventId) {
        Optional<Reconciliation> rec = reconciliations.find(reconciliationId);
        if (rec.isEmpty() || !rec.get().eventId().equals(eventId)) {
            return Optional.empty();
        }
        try (JournalReader reader = journals.of(Lane.fromWire(rec.get().lane())).readerAt(rec.get().journalIndex())) {
            JournalEntry entry = reader.next();
            if (entry == null || !entry.event().eventId().equals(eventId)) {
                return Optional.empty(); // gone with retention
            }
            return Optional.of(codec.toTree(entry.event()));
        }
    }
}
