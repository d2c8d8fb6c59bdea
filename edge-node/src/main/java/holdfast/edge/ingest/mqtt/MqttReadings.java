package holdfast.edge.ingest.mqtt;

import holdfast.edge.deadletter.DeadLetter;
import holdfast.edge.devices.DeviceSubjects;
import holdfast.edge.idempotency.ContentHash;
import holdfast.edge.ingest.ChannelFailures;
import holdfast.edge.ingest.DeviceReadingParser;
import holdfast.edge.ingest.DeviceReadingParser.ValidatedReading;
import holdfast.edge.ingest.IngestOutcome;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.ingest.IngestRequest;
import holdfast.edge.ingest.InvalidInputException;
import holdfast.edge.lanes.LaneCandidate;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Raw;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.UuidV7Generator;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one MQTT message into a durable outcome and says whether it may be acknowledged: valid readings go
 * through the ingest pipeline (key {@code mqtt:{deviceId}:{messageId}}), invalid ones become dead letters
 * (acknowledged, so a poison message is not redelivered forever), refused ones are held. Never logs a payload.
 * Thread-safe.
 */
final class MqttReadings {

    private static final Logger LOG = LoggerFactory.getLogger(MqttReadings.class);

    /** What to tell the broker. */
    enum Verdict {
        /** Durable (journaled, duplicate of a journaled one, or dead-lettered): acknowledge. */
        ACK,
        /** Not durable (the lane refused it): leave it with the broker for redelivery. */
        HOLD
    }

    /** The verdict and, for metrics, which outcome it was. */
    record Result(Verdict verdict, String outcome, String reason) {
    }

    private final IngestPipeline pipeline;
    private final DeviceReadingParser parser;
    private final DeviceSubjects subjects;
    private final int maxPayloadBytes;
    private final UuidV7Generator ids;
    private final Clock clock;
    private final ChannelFailures failures;

    MqttReadings(IngestPipeline pipeline, DeviceReadingParser parser, DeviceSubjects subjects, int maxPayloadBytes,
                 UuidV7Generator ids, Clock clock, ChannelFailures failures) {
        this.failures = failures;
        this.pipeline = pipeline;
        this.parser = parser;
        this.subjects = subjects;
        this.maxPayloadBytes = maxPayloadBytes;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * The message's outcome. An exception no rule accounts for is contained: the message is kept as a dead
     * letter and acknowledged like invalid input, and the failure counted against the channel; only when even
     * the dead letter cannot be stored does this throw (then nothing is durable and the broker must keep it).
     * What follows a reading's durable append runs on {@code after}, not on the lane's writer thread.
     */
    CompletableFuture<Result> handle(String topicName, byte[] payload, Executor after) {
        String correlationId = ids.nextString();
        CompletableFuture<Result> result;
        try {
            result = handleChecked(topicName, payload, correlationId, after);
        } catch (RuntimeException e) {
            return contained(topicName, payload, correlationId, e);
        }
        return result.handle((r, failure) -> r != null ? CompletableFuture.completedFuture(r)
                : contained(topicName, payload, correlationId, failure)).thenCompose(f -> f);
    }

    private CompletableFuture<Result> contained(String topicName, byte[] payload, String correlationId,
                                                Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        failures.failed("mqtt", cause.getClass().getSimpleName());
        LOG.error("event=mqtt.handler_failed correlationId={} error={}", correlationId, cause.getClass().getName());
        String topicDevice = topicName == null ? null : topicDeviceOf(topicName);
        return deadLetter(topicName, payload, topicDevice, "unexpected failure while handling the message ("
                + cause.getClass().getSimpleName() + ")", correlationId);
    }

    private static String topicDeviceOf(String topicName) {
        DeviceTopic topic = DeviceTopic.parse(topicName);
        return topic == null ? null : topic.deviceId();
    }

    private CompletableFuture<Result> handleChecked(String topicName, byte[] payload, String correlationId,
                                                    Executor after) {
        DeviceTopic topic = DeviceTopic.parse(topicName);
        if (topic == null) {
            return deadLetter(topicName, payload, null, "topic is not holdfast/v1/devices/{deviceId}/observations or /alarms",
                    correlationId);
        }
        if (payload.length > maxPayloadBytes) {
            return deadLetter(topicName, payload, topic.deviceId(), "payload is larger than the limit of " + maxPayloadBytes
                    + " bytes", correlationId);
        }
        ValidatedReading reading;
        try {
            reading = parser.parse(payload);
        } catch (InvalidInputException e) {
            return deadLetter(topicName, payload, topic.deviceId(), e.getMessage(), correlationId);
        }
        if (!reading.deviceId().equals(topic.deviceId())) {
            return deadLetter(topicName, payload, topic.deviceId(), "deviceId in the payload does not match the topic's deviceId",
                    correlationId);
        }
        return pipeline.ingest(request(topic, reading, payload, correlationId, subjects), after).thenApply(outcome -> switch (outcome) {
            case IngestOutcome.Accepted a -> new Result(Verdict.ACK, "accepted", null);
            case IngestOutcome.Duplicate d -> new Result(Verdict.ACK, "duplicate", null);
            case IngestOutcome.Invalid i -> new Result(Verdict.ACK, "deadletter", i.error());
            case IngestOutcome.Refused r -> new Result(Verdict.HOLD, "refused", r.reason());
        });
    }

    /** The ingest request for a valid reading on a device topic (shared with {@link MqttReprocessor}). */
    static IngestRequest request(DeviceTopic topic, ValidatedReading reading, byte[] payload, String correlationId,
                                 DeviceSubjects subjects) {
        String key = "mqtt:" + reading.deviceId() + ":" + reading.messageId();
        return new IngestRequest(key, topic.kind(),
                new Source("mqtt", reading.deviceId(), reading.messageId()), correlationId, null,
                reading.observedAt(), subjects.subjectFor("mqtt", reading.deviceId(), reading.bed()),
                reading.payload(), Raw.of("application/json", payload),
                new LaneCandidate(topic.kind(), "mqtt", reading.deviceId(), reading.values(), reading.priority()));
    }

    private CompletableFuture<Result> deadLetter(String topicName, byte[] payload, String topicDevice, String error,
                                                 String correlationId) {
        boolean truncated = payload.length > maxPayloadBytes;
        byte[] kept = truncated ? Arrays.copyOf(payload, maxPayloadBytes) : payload;
        String device = topicDevice != null && topicDevice.matches("[A-Za-z0-9._~-]{1,128}") ? topicDevice
                : parser.peek(kept, "deviceId");
        String messageId = truncated ? null : parser.peek(payload, "messageId");
        String key = device != null && messageId != null ? "mqtt:" + device + ":" + messageId : null;
        IngestOutcome.Invalid invalid = pipeline.reject(new DeadLetter(clock.instant(), "mqtt", device, correlationId,
                key, ContentHash.of(payload), payload.length, "application/json", error,
                truncated ? null : parser.peek(payload, "priority"), kept, truncated,
                topicName == null || topicName.length() > 300 ? null : topicName));
        LOG.info("event=mqtt.invalid deadLetterId={} deviceId={} correlationId={} error=\"{}\"",
                invalid.deadLetterId(), device, correlationId, error);
        return CompletableFuture.completedFuture(new Result(Verdict.ACK, "deadletter", error));
    }
}
