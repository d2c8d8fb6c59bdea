package holdfast.simulator.bench;

/** {@code --name value} options with defaults. */
final class BenchArgs {
    private final String[] args;

    BenchArgs(String[] args) {
        this.args = args;
    }

    String text(String name, String defaultValue) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }

    int integer(String name, int defaultValue) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--" + name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return defaultValue;
    }
}
