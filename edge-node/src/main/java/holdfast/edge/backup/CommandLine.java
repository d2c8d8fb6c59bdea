package holdfast.edge.backup;

import holdfast.edge.NodeSettings;
import holdfast.edge.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of the backup and restore commands ({@code --name value} and bare flags), and the node settings
 * they fall back on: {@code --config}, {@code HOLDFAST_CONFIG}, {@code config/edge-node.yaml},
 * {@code /etc/holdfast/edge-node.yaml} (the package's), then the environment variables, exactly as the node itself reads them. Immutable.
 */
record CommandLine(Map<String, String> options, Set<String> flags) {

    private static final Path PACKAGED = Path.of("/etc/holdfast/edge-node.yaml");

    static CommandLine parse(String[] args, Set<String> known, Set<String> knownFlags) {
        Map<String, String> options = new HashMap<>();
        java.util.HashSet<String> flags = new java.util.HashSet<>();
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String a = list.get(i);
            if (knownFlags.contains(a)) {
                flags.add(a);
            } else if (known.contains(a) && i + 1 < list.size()) {
                options.put(a, list.get(++i));
            } else {
                throw new IllegalArgumentException("unknown or incomplete option '" + a + "'");
            }
        }
        return new CommandLine(Map.copyOf(options), Set.copyOf(flags));
    }

    String option(String name) {
        return options.get(name);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    NodeSettings node() {
        Path file = null;
        if (options.containsKey("--config")) {
            file = Path.of(options.get("--config"));
        } else if (System.getenv("HOLDFAST_CONFIG") != null && !System.getenv("HOLDFAST_CONFIG").isBlank()) {
            file = Path.of(System.getenv("HOLDFAST_CONFIG"));
        } else if (Files.isRegularFile(Path.of("config", "edge-node.yaml"))) {
            file = Path.of("config", "edge-node.yaml");
        } else if (Files.isRegularFile(PACKAGED)) {
            file = PACKAGED; // the .deb's tools run from anywhere
        }
        return NodeSettings.from(ConfigLoader.load(file, System.getenv(), Map.of()));
    }
}
