package holdfast.edge.sync;

import com.fasterxml.jackson.databind.JsonNode;
import holdfast.shared.envelope.EventEnvelope;

/**
 * A {@code conflict} or {@code rejected} verdict on one journaled event: the event (for its summary — the
 * payload is never copied out of the journal), where it is in its journal, and the cloud's reason and view.
 */
public record Dispute(EventEnvelope event, long journalIndex, EventResult.Verdict verdict, String reason,
                      JsonNode cloud) {
}
