package holdfast.edge.sync.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Finds the event a correction or void is about, so that its resources can be sent again amended (or marked
 * entered-in-error) under their own ids. Implementations are thread-safe.
 */
@FunctionalInterface
public interface OriginalEvents {

    /** None: every correction is kept whole (a {@code DocumentReference}) instead. */
    OriginalEvents NONE = (reconciliationId, eventId) -> Optional.empty();

    /** The event JSON of {@code eventId}, disputed in reconciliation {@code reconciliationId}, while the journal has it. */
    Optional<JsonNode> find(long reconciliationId, String eventId);
}
