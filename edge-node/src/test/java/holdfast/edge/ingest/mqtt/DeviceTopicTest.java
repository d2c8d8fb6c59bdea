package holdfast.edge.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import holdfast.shared.envelope.EventKind;
import org.junit.jupiter.api.Test;

class DeviceTopicTest {

    @Test
    void observationAndAlarmTopicsNameTheDeviceAndTheKind() {
        assertThat(DeviceTopic.parse("holdfast/v1/devices/mon-07/observations"))
                .isEqualTo(new DeviceTopic("mon-07", EventKind.OBSERVATION));
        assertThat(DeviceTopic.parse("holdfast/v1/devices/mon-07/alarms"))
                .isEqualTo(new DeviceTopic("mon-07", EventKind.ALARM));
    }

    @Test
    void aDevicesObservationsAndAlarmsRouteAlikeByTheDeviceAlone() {
        assertThat(DeviceTopic.deviceHash("holdfast/v1/devices/mon-07/observations"))
                .isEqualTo(DeviceTopic.deviceHash("holdfast/v1/devices/mon-07/alarms"))
                .isEqualTo("mon-07".hashCode());
        assertThat(DeviceTopic.deviceHash("somewhere/else")).isEqualTo("somewhere/else".hashCode());
        assertThat(DeviceTopic.deviceHash("holdfast/v1/devices/no-slash")).isEqualTo("holdfast/v1/devices/no-slash".hashCode());
    }

    @Test
    void otherTopicsAreNotDeviceTopics() {
        assertThat(DeviceTopic.parse("holdfast/v1/devices/mon-07/status")).isNull();
        assertThat(DeviceTopic.parse("holdfast/v1/devices/a/b/observations")).isNull();
        assertThat(DeviceTopic.parse("holdfast/v2/devices/mon-07/observations")).isNull();
    }
}
