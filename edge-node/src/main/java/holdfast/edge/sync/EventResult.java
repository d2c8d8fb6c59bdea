package holdfast.edge.sync;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The cloud's verdict on one event (contract §5). {@code reason} and {@code cloud} (the cloud's own view,
 * e.g. {@code {"patientId":"P777"}}) come with disputed verdicts and may be null otherwise.
 */
public record EventResult(String eventId, Verdict verdict, String reason, JsonNode cloud) {

    /** The four answers of contract §5. */
    public enum Verdict {
        ACCEPTED, DUPLICATE, CONFLICT, REJECTED;

        /** Synced but disputed: a reconciliation is opened. */
        public boolean disputed() {
            return this == CONFLICT || this == REJECTED;
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
