package holdfast.edge.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import holdfast.edge.activity.ActivitySettings.PrefixInterval;
import holdfast.edge.devices.DevicePlacement;
import holdfast.edge.devices.DeviceRegistry;
import holdfast.edge.support.MutableClock;
import holdfast.shared.envelope.EventEnvelope;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Lane;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceActivityTest {

    private static final Instant T = Instant.parse("2031-06-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T);
    private final DeviceRegistry registry = new DeviceRegistry() {
        @Override
        public Optional<DevicePlacement> placementOf(String deviceId) {
            return all().stream().filter(p -> p.deviceId().equals(deviceId)).findFirst();
        }

        @Override
        public Collection<DevicePlacement> all() {
            return List.of(new DevicePlacement("mon-1", "ICU", "ICU-1"), new DevicePlacement("mon-9", "ICU", "ICU-9"));
        }
    };
    private final DeviceActivity activity = new DeviceActivity(new ActivitySettings(2, 5, Duration.ofSeconds(60), 5,
            List.of(new PrefixInterval("pump-", Duration.ofSeconds(30)))), registry, clock);

    @Test
    void aDeviceThatStopsSendingTurnsLateThenSilentByItsOwnLearnedRhythm() {
        for (int i = 0; i < 10; i++) {
            activity.journaled(reading("mon-1", T.plusSeconds(10L * i)));
        }
        clock.advance(Duration.ofSeconds(90)); // last reading at +90 s: now +90 s
        assertThat(summary("mon-1").state()).isEqualTo("ok");
        assertThat(summary("mon-1").expectedIntervalSeconds()).isEqualTo(10);
        assertThat(summary("mon-1").intervalSource()).isEqualTo("learned");

        clock.advance(Duration.ofSeconds(25)); // 25 s since the last reading: more than 2 intervals
        assertThat(summary("mon-1").state()).isEqualTo("late");

        clock.advance(Duration.ofSeconds(30)); // 55 s: more than 5 intervals
        assertThat(summary("mon-1").state()).isEqualTo("silent");
        assertThat(activity.summaries().get(0).deviceId()).as("silent first").isEqualTo("mon-1");
    }

    @Test
    void aConfiguredIntervalWinsAndARegisteredDeviceNeverHeardFromIsListed() {
        activity.journaled(reading("pump-4", T));
        clock.advance(Duration.ofSeconds(61));

        assertThat(summary("pump-4").expectedIntervalSeconds()).isEqualTo(30);
        assertThat(summary("pump-4").state()).isEqualTo("late");
        assertThat(summary("pump-4").registered()).isFalse();
        assertThat(summary("mon-9").state()).isEqualTo("never-seen");
        assertThat(summary("mon-9").registered()).isTrue();
        assertThat(summary("mon-9").bed()).isEqualTo("ICU-9");
        assertThat(activity.counts().get(DeviceState.NEVER_SEEN)).isEqualTo(2); // mon-1 and mon-9
    }

    @Test
    void readingsAreCountedOverTheLastFiveAndSixtyMinutes() {
        for (int i = 0; i < 70; i++) {
            activity.journaled(reading("mon-1", T.plus(Duration.ofMinutes(i))));
        }
        clock.advance(Duration.ofMinutes(69).plusSeconds(30));

        assertThat(summary("mon-1").readingsLast5Minutes()).isEqualTo(5);
        assertThat(summary("mon-1").readingsLast60Minutes()).isEqualTo(60);
    }

    private DeviceSummary summary(String deviceId) {
        return activity.summaries().stream().filter(d -> d.deviceId().equals(deviceId)).findFirst().orElseThrow();
    }

    private static EventEnvelope reading(String device, Instant at) {
        return new EventEnvelope("e-" + device + "-" + at.toEpochMilli(), "http:" + device + ":" + at.toEpochMilli(),
                EventEnvelope.SCHEMA_VERSION, Lane.STANDARD, 1, EventKind.OBSERVATION,
                new Source("http", device, "m"), "c", null, at, at, new Subject(null, null, "ICU", null, device),
                JsonNodeFactory.instance.objectNode(), null);
    }
}
