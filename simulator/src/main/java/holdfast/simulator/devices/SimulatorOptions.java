package holdfast.simulator.devices;

import java.time.Duration;

/**
 * What to simulate. {@code rate} is messages per second per device; {@code repeat} is the probability that a
 * message is published a second time with the same messageId; {@code critical} the probability of an
 * out-of-range vital sign; {@code alarm} the probability that a message goes to the alarms topic;
 * {@code duration} zero runs until stopped. Device ids are {@code mon-01}, {@code mon-02}, ...
 * With {@code nodeUrl} and {@code adminToken} set, each device gets a device token of its own from that node
 * ({@link DeviceTokens}) and presents it with username = its deviceId, as the node's embedded broker requires;
 * both empty, the devices connect anonymously (an external broker, or a site that allows anonymous access).
 */
public record SimulatorOptions(String url, int devices, double rate, long seed, double repeat, double critical,
                               double alarm, Duration duration, String nodeUrl, String adminToken) {

    public SimulatorOptions {
        if (devices < 1 || devices > 10_000) {
            throw new IllegalArgumentException("--devices must be 1 to 10000");
        }
        if (rate <= 0 || rate > 10_000) {
            throw new IllegalArgumentException("--rate must be above 0 and at most 10000 messages/s per device");
        }
        for (double p : new double[] {repeat, critical, alarm}) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("--repeat, --critical and --alarm are probabilities (0 to 1)");
            }
        }
    }

    public static SimulatorOptions defaults() {
        return new SimulatorOptions("tcp://127.0.0.1:1883", 8, 1, 42, 0.01, 0.02, 0.005, Duration.ZERO, "", "");
    }

    /** Parses {@code --url U --devices N --rate R --seed S --repeat P --critical P --alarm P --duration SECONDS
     * --node http://127.0.0.1:8080 --admin-token T}; anything not given keeps its default. */
    public static SimulatorOptions parse(String[] args) {
        SimulatorOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String v = args[++i];
            try {
                o = switch (name) {
                    case "--url" -> new SimulatorOptions(v, o.devices, o.rate, o.seed, o.repeat, o.critical, o.alarm,
                            o.duration, o.nodeUrl, o.adminToken);
                    case "--devices" -> new SimulatorOptions(o.url, Integer.parseInt(v), o.rate, o.seed, o.repeat,
                            o.critical, o.alarm, o.duration, o.nodeUrl, o.adminToken);
                    case "--rate" -> new SimulatorOptions(o.url, o.devices, Double.parseDouble(v), o.seed, o.repeat,
                            o.critical, o.alarm, o.duration, o.nodeUrl, o.adminToken);
                    case "--seed" -> new SimulatorOptions(o.url, o.devices, o.rate, Long.parseLong(v), o.repeat,
                            o.critical, o.alarm, o.duration, o.nodeUrl, o.adminToken);
                    case "--repeat" -> new SimulatorOptions(o.url, o.devices, o.rate, o.seed, Double.parseDouble(v),
                            o.critical, o.alarm, o.duration, o.nodeUrl, o.adminToken);
                    case "--critical" -> new SimulatorOptions(o.url, o.devices, o.rate, o.seed, o.repeat,
                            Double.parseDouble(v), o.alarm, o.duration, o.nodeUrl, o.adminToken);
                    case "--alarm" -> new SimulatorOptions(o.url, o.devices, o.rate, o.seed, o.repeat, o.critical,
                            Double.parseDouble(v), o.duration, o.nodeUrl, o.adminToken);
                    case "--duration" -> new SimulatorOptions(o.url, o.devices, o.rate, o.seed, o.repeat, o.critical,
                            o.alarm, Duration.ofMillis((long) (Double.parseDouble(v) * 1000)), o.nodeUrl, o.adminToken);
                    case "--node" -> new SimulatorOptions(o.url, o.devices, o.rate, o.seed, o.repeat, o.critical,
                            o.alarm, o.duration, v, o.adminToken);
                    case "--admin-token" -> new SimulatorOptions(o.url, o.devices, o.rate, o.seed, o.repeat, o.critical,
                            o.alarm, o.duration, o.nodeUrl, v);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, not '" + v + "'");
            }
        }
        return o;
    }

    public static String deviceId(int index) {
        return String.format("mon-%02d", index + 1);
    }
}
