package holdfast.edge.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.edge.HoldfastException;
import holdfast.shared.envelope.Subject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeviceRegistryTest {

    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-23T08:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void fileEntriesWinOverFixedOnesAndEditsApplyAfterTheReloadInterval() throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, "devices:\n  - {id: mon-1, ward: ICU, bed: ICU-1}\n");
        ManualClock clock = new ManualClock();
        FileDeviceRegistry registry = new FileDeviceRegistry(new DeviceRegistrySettings(
                List.of(new DevicePlacement("mon-1", "OLD", "OLD-1"), new DevicePlacement("mon-2", "CCU", "CCU-2")),
                file, Duration.ofSeconds(5)), clock);
        assertThat(registry.placementOf("mon-1")).contains(new DevicePlacement("mon-1", "ICU", "ICU-1"));
        assertThat(registry.placementOf("mon-2")).contains(new DevicePlacement("mon-2", "CCU", "CCU-2"));

        Files.writeString(file, "devices:\n  - {id: mon-1, bed: ICU-301-A}\n  - {id: mon-3, ward: ER, bed: ER-1}\n");
        assertThat(registry.placementOf("mon-3")).as("not before the interval").isEmpty();
        clock.now = clock.now.plusSeconds(6);
        assertThat(registry.placementOf("mon-3")).contains(new DevicePlacement("mon-3", "ER", "ER-1"));
        assertThat(registry.placementOf("mon-1")).contains(new DevicePlacement("mon-1", "ICU", "ICU-301-A"));
    }

    @Test
    void brokenEditKeepsThePreviousMappingButABrokenFileAtStartFails() throws Exception {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, "devices:\n  - {id: mon-1, ward: ICU, bed: ICU-1}\n");
        ManualClock clock = new ManualClock();
        FileDeviceRegistry registry = new FileDeviceRegistry(new DeviceRegistrySettings(List.of(), file,
                Duration.ofSeconds(1)), clock);
        Files.writeString(file, "devices:\n  - {id: 'bad id!', bed: X}\n");
        clock.now = clock.now.plusSeconds(2);
        assertThat(registry.placementOf("mon-1")).isPresent();
        assertThatThrownBy(() -> new FileDeviceRegistry(new DeviceRegistrySettings(List.of(), file,
                Duration.ofSeconds(1)), clock)).isInstanceOf(HoldfastException.class);
    }

    @Test
    void missingFileIsAnEmptyRegistryAndUnmappedDevicesKeepTheirOwnBedAndAreCounted() {
        FileDeviceRegistry registry = new FileDeviceRegistry(new DeviceRegistrySettings(List.of(),
                dir.resolve("absent.yaml"), Duration.ofSeconds(1)), Clock.systemUTC());
        List<String> unmapped = new ArrayList<>();
        DeviceSubjects subjects = new DeviceSubjects(registry, unmapped::add);
        assertThat(subjects.subjectFor("mqtt", "mon-9", "ICU-3"))
                .isEqualTo(new Subject(null, null, "ICU", "ICU-3", "mon-9"));
        assertThat(subjects.subjectFor("http", "mon-9", null)).isEqualTo(new Subject(null, null, null, null, "mon-9"));
        assertThat(unmapped).containsExactly("mqtt", "http");
    }
}
