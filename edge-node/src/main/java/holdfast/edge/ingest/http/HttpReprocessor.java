package holdfast.edge.ingest.http;

import holdfast.edge.deadletter.ReprocessChannel;
import holdfast.edge.deadletter.Reprocessed;
import holdfast.edge.deadletter.StoredInput;
import holdfast.edge.devices.DeviceSubjects;
import holdfast.edge.ingest.DeviceReadingParser;
import holdfast.edge.ingest.DeviceReadingParser.ValidatedReading;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.ingest.InvalidInputException;
import holdfast.edge.ingest.Reprocessing;

/**
 * Feeds a dead-lettered HTTP reading through the same validation and pipeline as {@code POST
 * /api/v1/observations}, with the idempotency key it was sent with (its {@code Idempotency-Key}, in the
 * caller's namespace, else {@code http:{deviceId}:{messageId}}), so reprocessing twice journals it once. Thread-safe.
 */
final class HttpReprocessor implements ReprocessChannel {

    private final IngestPipeline pipeline;
    private final DeviceReadingParser parser;
    private final DeviceSubjects subjects;

    public HttpReprocessor(IngestPipeline pipeline, DeviceReadingParser parser, DeviceSubjects subjects) {
        this.pipeline = pipeline;
        this.parser = parser;
        this.subjects = subjects;
    }

    @Override
    public Reprocessed reprocess(StoredInput input) {
        ValidatedReading reading;
        try {
            reading = parser.parse(input.raw());
        } catch (InvalidInputException e) {
            return new Reprocessed.StillInvalid(e.getMessage());
        }
        String key;
        try {
            // The same namespace rule as a live post: a kept key is never trusted just because it was kept.
            key = CallerKeys.of(input.idempotencyKey(), reading.deviceId(), reading.messageId());
        } catch (InvalidInputException e) {
            return new Reprocessed.StillInvalid(e.getMessage());
        }
        return Reprocessing.outcome(pipeline.ingestAndWait(ObservationRoutes.request(reading, key, input.correlationId(),
                input.raw(), subjects)));
    }
}
