package holdfast.edge.observe;

import holdfast.edge.ingest.ChannelFailures;
import holdfast.edge.mode.ModeTracker;
import holdfast.shared.api.Hl7Status;
import holdfast.shared.api.MqttStatus;
import io.helidon.health.HealthCheck;
import java.util.List;
import java.util.function.Supplier;

/** What {@code /observe/health} asks: can the node take input durably, and is each channel taking it. */
public final class HealthChecks {

    private HealthChecks() {
    }

    /**
     * @param mqtt the MQTT subscriber's state
     * @param hl7  the HL7 listener's state ({@code DISABLED} when there is none)
     */
    public static List<HealthCheck> of(ModeTracker mode, Supplier<MqttStatus> mqtt, Supplier<Hl7Status> hl7,
                                       ChannelFailures channels) {
        return List.of(new IngestHealthCheck(mode), new MqttHealthCheck(mqtt), new Hl7HealthCheck(hl7),
                new ChannelHealthCheck(channels));
    }
}
