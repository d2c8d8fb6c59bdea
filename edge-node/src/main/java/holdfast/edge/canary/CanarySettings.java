package holdfast.edge.canary;

import holdfast.edge.HoldfastException;
import holdfast.edge.config.Settings;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code canary.*}: {@code interval-seconds} between canaries (default 60, 0 = off), {@code accept-within-seconds}
 * a canary may take to be accepted by the cloud before the operator alert {@code canary-not-accepted} (default 300),
 * and {@code paths}, the ingest paths to prove (default {@code http,mqtt,hl7}; a path whose channel is off is
 * skipped).
 */
record CanarySettings(Duration interval, Duration acceptWithin, Set<String> paths) {

    static final Set<String> KNOWN_PATHS = Set.of("http", "mqtt", "hl7");

    public CanarySettings {
        paths = Set.copyOf(paths);
    }

    public static CanarySettings from(Config canary) {
        String listed = Settings.string(canary, "paths", "http,mqtt,hl7");
        Set<String> paths = new LinkedHashSet<>();
        for (String p : Arrays.stream(listed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            if (!KNOWN_PATHS.contains(p)) {
                throw new HoldfastException("canary.paths: unknown path '" + p + "' (allowed: http, mqtt, hl7)");
            }
            paths.add(p);
        }
        return new CanarySettings(Duration.ofSeconds(Settings.longIn(canary, "interval-seconds", 60, 0, 86_400)),
                Duration.ofSeconds(Settings.longIn(canary, "accept-within-seconds", 300, 1, 7 * 86_400)), paths);
    }

    public boolean enabled() {
        return !interval.isZero() && !paths.isEmpty();
    }
}
