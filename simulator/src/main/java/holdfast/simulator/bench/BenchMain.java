package holdfast.simulator.bench;

import java.util.Arrays;

/** {@code ./holdfast bench <name> [options]}: runs one benchmark and prints its figures. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ./holdfast bench ingest|mqtt|hl7|drain|alerts|reconnect|index|rebuild [options]");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "ingest" -> IngestBench.main(rest);
            case "mqtt" -> MqttBench.main(rest);
            case "hl7" -> Hl7Bench.main(rest);
            case "drain" -> DrainBench.main(rest);
            case "alerts" -> AlertBench.main(rest);
            case "reconnect" -> ReconnectBench.main(rest);
            case "index" -> IndexBench.main(rest);
            case "rebuild" -> RebuildBench.main(rest);
            default -> {
                System.err.println("unknown benchmark '" + args[0] + "' (available: ingest, mqtt, hl7, drain, alerts, reconnect, index, rebuild)");
                System.exit(2);
            }
        }
    }
}
