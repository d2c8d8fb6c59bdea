package holdfast.edge.ingest.mqtt;

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
 * Feeds a dead-lettered MQTT message through the same checks and pipeline as a live one, on the topic it
 * arrived on (observations or alarms decide the kind), with key {@code mqtt:{deviceId}:{messageId}}.
 * Works whether or not this node subscribes to a broker right now. Thread-safe.
 */
final class MqttReprocessor implements ReprocessChannel {

    private final IngestPipeline pipeline;
    private final DeviceReadingParser parser;
    private final DeviceSubjects subjects;

    public MqttReprocessor(IngestPipeline pipeline, DeviceReadingParser parser, DeviceSubjects subjects) {
        this.pipeline = pipeline;
        this.parser = parser;
        this.subjects = subjects;
    }

    @Override
    public Reprocessed reprocess(StoredInput input) {
        if (input.origin() == null) {
            return new Reprocessed.NotReprocessable("the MQTT topic of this message was not kept (it arrived "
                    + "before this node version): ask the device to send it again");
        }
        DeviceTopic topic = DeviceTopic.parse(input.origin());
        if (topic == null) {
            return new Reprocessed.StillInvalid("topic is not holdfast/v1/devices/{deviceId}/observations or /alarms");
        }
        ValidatedReading reading;
        try {
            reading = parser.parse(input.raw());
        } catch (InvalidInputException e) {
            return new Reprocessed.StillInvalid(e.getMessage());
        }
        if (!reading.deviceId().equals(topic.deviceId())) {
            return new Reprocessed.StillInvalid("deviceId in the payload does not match the topic's deviceId");
        }
        return Reprocessing.outcome(pipeline.ingestAndWait(MqttReadings.request(topic, reading, input.raw(),
                input.correlationId(), subjects)));
    }
}
