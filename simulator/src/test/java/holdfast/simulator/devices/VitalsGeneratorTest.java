package holdfast.simulator.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.shared.api.DeviceReading;
import holdfast.shared.api.DeviceReading.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VitalsGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void sameSeedGivesTheSameReadings() {
        VitalsGenerator a = new VitalsGenerator("mon-01", "ICU-1", new SplittableRandom(42), 0.1);
        VitalsGenerator b = new VitalsGenerator("mon-01", "ICU-1", new SplittableRandom(42), 0.1);
        for (int i = 0; i < 100; i++) {
            assertThat(a.next(NOW)).isEqualTo(b.next(NOW));
        }
    }

    @Test
    void readingsCarryTheSixVitalsWithLoincCodesAndUcumUnitsAndUniqueMessageIds() {
        VitalsGenerator g = new VitalsGenerator("mon-01", "ICU-1", new SplittableRandom(1), 0);
        DeviceReading first = g.next(NOW);
        DeviceReading second = g.next(NOW);
        assertThat(first.observations()).extracting(Observation::code)
                .containsExactly("8867-4", "59408-5", "9279-1", "8480-6", "8462-4", "8310-5");
        assertThat(first.observations()).extracting(Observation::unit)
                .containsExactly("/min", "%", "/min", "mm[Hg]", "mm[Hg]", "Cel");
        assertThat(first.observations()).allSatisfy(o -> assertThat(o.system()).isEqualTo("http://loinc.org"));
        assertThat(first.messageId()).isNotEqualTo(second.messageId()).startsWith("mon-01-");
        assertThat(first.priority()).isNull();
    }

    @Test
    void criticalReadingsGoBeyondTheDefaultLaneThresholds() {
        VitalsGenerator g = new VitalsGenerator("mon-01", "ICU-1", new SplittableRandom(3), 1.0);
        for (int i = 0; i < 50; i++) {
            DeviceReading r = g.next(NOW);
            double hr = value(r, "8867-4");
            double spo2 = value(r, "59408-5");
            double rr = value(r, "9279-1");
            assertThat(hr < 40 || hr > 140 || spo2 < 88 || rr < 8 || rr > 30).as(r.toString()).isTrue();
        }
    }

    @Test
    void optionsParseTheDocumentedCommandLine() {
        SimulatorOptions o = SimulatorOptions.parse(new String[] {"--url", "tcp://127.0.0.1:1883", "--devices", "8",
            "--rate", "5", "--seed", "42", "--repeat", "0.01", "--duration", "60"});
        assertThat(o.devices()).isEqualTo(8);
        assertThat(o.rate()).isEqualTo(5);
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.repeat()).isEqualTo(0.01);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--repeat", "2"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities");
        assertThat(SimulatorOptions.deviceId(0)).isEqualTo("mon-01");
    }

    private static double value(DeviceReading r, String code) {
        return r.observations().stream().filter(o -> o.code().equals(code)).findFirst().orElseThrow()
                .value().doubleValue();
    }
}
