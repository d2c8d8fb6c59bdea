package holdfast.simulator.devices;

import holdfast.shared.api.DeviceReading;
import holdfast.shared.api.DeviceReading.Observation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One device's vital signs: a bounded random walk around a plausible adult baseline, so consecutive readings
 * look like a monitor's, with an occasional excursion beyond the default critical thresholds. LOINC codes and
 * UCUM units. Synthetic only. Not thread-safe: one per device.
 */
final class VitalsGenerator {

    private static final String LOINC = "http://loinc.org";

    private final String deviceId;
    private final String bed;
    private final RandomGenerator random;
    private final double criticalProbability;
    private double heartRate;
    private double spo2;
    private double respiratoryRate;
    private double systolic;
    private double diastolic;
    private double temperature;
    private long sequence;

    VitalsGenerator(String deviceId, String bed, RandomGenerator random, double criticalProbability) {
        this(deviceId, bed, random, criticalProbability, 0);
    }

    /**
     * @param sequenceBefore message ids continue after this number; a device that restarts must not reuse
     *                       ids it already sent, or the node rightly answers them as duplicates
     */
    VitalsGenerator(String deviceId, String bed, RandomGenerator random, double criticalProbability,
                    long sequenceBefore) {
        this.sequence = sequenceBefore;
        this.deviceId = deviceId;
        this.bed = bed;
        this.random = random;
        this.criticalProbability = criticalProbability;
        this.heartRate = 65 + random.nextDouble() * 25;
        this.spo2 = 95 + random.nextDouble() * 4;
        this.respiratoryRate = 12 + random.nextDouble() * 6;
        this.systolic = 110 + random.nextDouble() * 25;
        this.diastolic = 65 + random.nextDouble() * 15;
        this.temperature = 36.4 + random.nextDouble() * 0.8;
    }

    DeviceReading next(Instant now) {
        heartRate = walk(heartRate, 2, 50, 120);
        spo2 = walk(spo2, 0.5, 90, 100);
        respiratoryRate = walk(respiratoryRate, 1, 10, 24);
        systolic = walk(systolic, 3, 90, 160);
        diastolic = walk(diastolic, 2, 50, 100);
        temperature = walk(temperature, 0.05, 35.8, 38.5);
        double hr = heartRate;
        double sat = spo2;
        double rr = respiratoryRate;
        String priority = null;
        if (random.nextDouble() < criticalProbability) {
            switch (random.nextInt(3)) {
                case 0 -> hr = random.nextBoolean() ? 150 + random.nextInt(40) : 30 + random.nextInt(8);
                case 1 -> sat = 78 + random.nextInt(9);
                default -> rr = random.nextBoolean() ? 32 + random.nextInt(8) : 5 + random.nextInt(2);
            }
            priority = random.nextBoolean() ? "critical" : null; // some devices flag it, some leave it to the rules
        }
        sequence++;
        return new DeviceReading(String.format("%s-%09d", deviceId, sequence), deviceId, bed, now, List.of(
                new Observation("8867-4", LOINC, round(hr, 0), "/min"),
                new Observation("59408-5", LOINC, round(sat, 0), "%"),
                new Observation("9279-1", LOINC, round(rr, 0), "/min"),
                new Observation("8480-6", LOINC, round(systolic, 0), "mm[Hg]"),
                new Observation("8462-4", LOINC, round(diastolic, 0), "mm[Hg]"),
                new Observation("8310-5", LOINC, round(temperature, 1), "Cel")), priority);
    }

    private double walk(double value, double step, double min, double max) {
        double next = value + (random.nextDouble() * 2 - 1) * step;
        return Math.max(min, Math.min(max, next));
    }

    private static BigDecimal round(double v, int scale) {
        return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP);
    }
}
