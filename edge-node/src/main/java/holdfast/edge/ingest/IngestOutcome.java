package holdfast.edge.ingest;

import holdfast.edge.idempotency.KnownEvent;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.Lane;

/** What became of one piece of input. Each channel turns it into its own answer (HTTP status, ACK, PUBACK). */
public sealed interface IngestOutcome {

    /** Journaled durably for the first time. */
    record Accepted(EventEnvelope event) implements IngestOutcome {
    }

    /** The idempotency key was journaled before, as this event; nothing new was written. */
    record Duplicate(KnownEvent known) implements IngestOutcome {
    }

    /** The lane refuses new events right now (disk watermark, saturated writer, failed lane): try later. */
    record Refused(Lane lane, String reason) implements IngestOutcome {
    }

    /** The input is invalid; it was kept as a dead letter. */
    record Invalid(long deadLetterId, String error) implements IngestOutcome {
    }
}
