package holdfast.simulator.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./holdfast chaos kill-loop [--kills N] [--minutes M] [--seed S] [--dir D]}: the crash proof against the
 * packaged edge node. Prints what it found; exits 1 when a check failed, 2 on a usage error. The work dir (node
 * data, its log, the cloud's store) is kept for a look afterwards.
 */
public final class ChaosMain {

    private static final String USAGE = "usage: ./holdfast chaos kill-loop [--kills N (1..1000, default 50)] "
            + "[--minutes M (no kill after M minutes, default 120)] [--seed S] "
            + "[--dir D (default: a new temporary dir)]";

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("kill-loop")) {
            usage(args.length == 0 ? "which chaos? (available: kill-loop)" : "unknown chaos '" + args[0]
                    + "' (available: kill-loop)");
            return;
        }
        int kills = 50;
        int minutes = 120;
        long seed = System.nanoTime();
        Path dir = null;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--kills" -> kills = number(value, "--kills", 1, 1000);
                case "--minutes" -> minutes = number(value, "--minutes", 1, 24 * 60);
                case "--seed" -> seed = number(value, "--seed", Long.MIN_VALUE, Long.MAX_VALUE);
                case "--dir" -> {
                    if (value == null) {
                        usage("--dir needs a directory");
                        return;
                    }
                    dir = Path.of(value);
                }
                default -> {
                    usage("unknown option '" + args[i] + "'");
                    return;
                }
            }
            i++;
        }
        Path jar = Path.of("edge-node", "target", "holdfast-edge-node.jar");
        if (!Files.isRegularFile(jar)) {
            System.err.println("chaos: " + jar.toAbsolutePath() + " is missing: build first (./holdfast build)");
            System.exit(2);
        }
        Path work = dir != null ? dir : Files.createTempDirectory("holdfast-chaos-");
        List<String> jvmArgs = Arrays.asList(System.getProperty("holdfast.jvm.args", "").trim().split("\\s+"));
        System.out.println("kill loop: " + kills + " kills, seed " + seed + ", work dir " + work);
        KillLoop.Result result = new KillLoop(new KillLoop.Options(kills, seed, work, jar, jvmArgs,
                Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofMillis(40), Duration.ofMinutes(minutes)))
                .run();
        System.out.print(result.report());
        System.exit(result.ok() ? 0 : 1);
    }

    private static long number(String value, String option, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // said below
        }
        usage(value == null ? option + " needs a number after it"
                : option + " needs a whole number from " + min + " to " + max + ", not '" + value + "'");
        return min;
    }

    private static int number(String value, String option, int min, int max) {
        return (int) number(value, option, (long) min, (long) max);
    }

    private static void usage(String problem) {
        System.err.println("chaos: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
