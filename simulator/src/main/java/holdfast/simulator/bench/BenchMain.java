package holdfast.simulator.bench;

import java.util.Arrays;

/** {@code ./holdfast bench <name> [options]}: runs one benchmark and prints its figures. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ./holdfast bench ingest [--clients N] [--seconds S]");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "ingest" -> IngestBench.main(rest);
            default -> {
                System.err.println("unknown benchmark '" + args[0] + "' (available: ingest)");
                System.exit(2);
            }
        }
    }
}
