package holdfast.console.status;

import holdfast.shared.api.CanaryStatus;
import holdfast.shared.api.NodeStatus;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The node's last end-to-end proof in one line: when a marked canary last went from each ingest path to the
 * cloud, and how long the slowest path took ("Last end-to-end proof 14:02:11 CET: 820 ms at most …").
 */
final class ProofLine {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss z");

    private ProofLine() {
    }

    static String of(NodeStatus status, ZoneId zone) {
        if (status == null) {
            return "";
        }
        CanaryStatus canary = status.canary();
        if (canary == null) {
            return "End-to-end proof: off (no canary configured on this node)";
        }
        Map<String, CanaryStatus.CanaryPath> paths = new TreeMap<>(canary.paths());
        String perPath = paths.entrySet().stream().map(e -> e.getKey() + " " + ms(e.getValue().ingestToDurableMs())
                + " to disk + " + ms(e.getValue().durableToAcceptedMs()) + " to cloud"
                + (e.getValue().lastError() == null ? "" : " (last send failed: " + e.getValue().lastError() + ")"))
                .collect(Collectors.joining(", "));
        if (canary.lastProofAt() == null) {
            return "End-to-end proof: none yet" + (perPath.isEmpty() ? "" : " (" + perPath + ")");
        }
        long slowest = paths.values().stream().mapToLong(p -> nz(p.ingestToDurableMs()) + nz(p.durableToAcceptedMs()))
                .max().orElse(0);
        return "Last end-to-end proof " + ZonedDateTime.ofInstant(canary.lastProofAt(), zone).format(TIME) + ": "
                + String.format("%,d ms", slowest) + " at most from sender to cloud (" + perPath + ")";
    }

    private static long nz(Long ms) {
        return ms == null ? 0 : ms;
    }

    private static String ms(Long ms) {
        return ms == null ? "\u2014" : String.format("%,d ms", ms);
    }
}
