package holdfast.edge.ingest.hl7;

import holdfast.edge.deadletter.ReprocessChannel;
import holdfast.edge.deadletter.Reprocessed;
import holdfast.edge.deadletter.StoredInput;
import holdfast.edge.ingest.Reprocessing;

/**
 * Feeds a dead-lettered HL7 frame through the same decoding, checks and pipeline as a live one (key
 * {@code hl7:{MSH-3}:{MSH-4}:{MSH-10}}), e.g. a message answered {@code AR} while its lane refused events.
 * A control id reused with different content stays refused. Thread-safe.
 */
final class Hl7Reprocessor implements ReprocessChannel {

    private final Hl7Ingest ingest;

    public Hl7Reprocessor(Hl7Ingest ingest) {
        this.ingest = ingest;
    }

    @Override
    public Reprocessed reprocess(StoredInput input) {
        return Reprocessing.outcome(ingest.reprocess(input.raw(), input.correlationId()));
    }
}
