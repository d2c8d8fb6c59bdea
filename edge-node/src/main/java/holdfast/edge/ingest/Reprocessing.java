package holdfast.edge.ingest;

import holdfast.edge.deadletter.Reprocessed;

/** Turns an ingest outcome of a reprocessed dead letter into what the dead-letter feature records. */
public final class Reprocessing {

    private Reprocessing() {
    }

    public static Reprocessed outcome(IngestOutcome outcome) {
        return switch (outcome) {
            case IngestOutcome.Accepted a ->
                    new Reprocessed.Journaled(a.event().eventId(), a.event().lane().wireName(), false);
            case IngestOutcome.Duplicate d ->
                    new Reprocessed.Journaled(d.known().eventId(), d.known().lane().wireName(), true);
            case IngestOutcome.Refused r -> new Reprocessed.Refused(r.reason());
            case IngestOutcome.Invalid i -> new Reprocessed.StillInvalid(i.error());
        };
    }
}
