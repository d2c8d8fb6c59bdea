package holdfast.simulator.bench;

import holdfast.shared.envelope.Lane;
import holdfast.simulator.cloud.LaneLedger;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.cloud.RequestLog;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./holdfast bench reconnect [--outages 10,60,300]}: for each outage length, a fresh packaged node (child
 * JVM, shipped defaults: backoff up to 30 s, probe every 500 ms) starts with a backlog in every lane (default
 * 1,000 critical, 6,000 standard, 3,000 batch) while nothing listens on the cloud's port (connections refused:
 * a real outage); after the outage the reference cloud starts on that port. Reported per outage, from the
 * cloud's request and arrival logs and measured from the moment the cloud listens again: the node's first
 * request (the probe, normally), the first critical batch's arrival, the first critical event accepted, the outage's critical backlog fully accepted, the first standard or batch event accepted, and
 * everything accepted; each beside the probe interval, and as a ratio against the shortest outage of the same
 * run (the baseline): the promise is that the figures do not grow with the outage. Loopback only; every phase
 * is bounded in time.
 */
final class ReconnectBench {

    private static final String TOKEN = "bench-cloud-token";

    private ReconnectBench() {
    }

    /** What one outage came to; times in ms from the cloud's return, -1 when it never happened. */
    private record Result(int outageSeconds, long firstRequest, long firstCriticalSent, long firstCritical,
                          long criticalDone, long firstOther, long allDone, boolean criticalFirst) {
    }

    static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        List<Integer> outages = new ArrayList<>();
        for (String s : a.text("outages", "10,60,300").split(",")) {
            outages.add(Integer.parseInt(s.trim()));
        }
        int critical = a.integer("critical", 1_000);
        int standard = a.integer("standard", 6_000);
        int batch = a.integer("batch", 3_000);
        int probeMs = a.integer("probe-ms", 500);
        System.out.printf("holdfast bench reconnect: outages %s s; backlog %,d critical, %,d standard, %,d batch; "
                + "probe every %d ms (jittered), backoff up to 30 s (shipped default); %d cores%n", outages, critical,
                standard, batch, probeMs, Runtime.getRuntime().availableProcessors());
        // Warm-up, not reported: the first cloud of this JVM would otherwise measure its own class loading and JIT.
        run(1, Math.min(critical, 200), Math.min(standard, 200), Math.min(batch, 200), probeMs);
        List<Result> results = new ArrayList<>();
        for (int outage : outages) {
            Result r = run(outage, critical, standard, batch, probeMs);
            results.add(r);
            System.out.printf("outage %4d s: node's first request %s, first critical batch arrives %s, first critical"
                    + " accepted %s, critical backlog empty %s, first standard/batch %s, all %s; critical first: %s%n",
                    outage, ms(r.firstRequest()), ms(r.firstCriticalSent()), ms(r.firstCritical()),
                    ms(r.criticalDone()), ms(r.firstOther()), ms(r.allDone()), r.criticalFirst() ? "yes" : "NO");
        }
        Result base = results.get(0);
        System.out.println();
        System.out.printf("%-8s %-10s %-15s %-16s %-22s %-12s %-14s%n", "outage", "probe", "first request",
                "first critical", "critical backlog empty", "vs " + base.outageSeconds() + " s", "targets");
        for (Result r : results) {
            boolean met = r.firstCritical() >= 0 && r.firstCritical() <= 1_000 && r.criticalDone() >= 0
                    && r.criticalDone() <= 2_000;
            System.out.printf("%-8s %-10s %-15s %-16s %-22s %-12s %-14s%n", r.outageSeconds() + " s", probeMs + " ms",
                    ms(r.firstRequest()), ms(r.firstCritical()), ms(r.criticalDone()), ratio(r.criticalDone(), base.criticalDone()),
                    met ? "met" : "MISSED (<=1 s, <=2 s)");
        }
    }

    private static Result run(int outageSeconds, int critical, int standard, int batch, int probeMs)
            throws Exception {
        Path root = Files.createTempDirectory("holdfast-bench-reconnect");
        try {
            Path data = root.resolve("node");
            Map<Lane, Integer> counts = new EnumMap<>(Lane.class);
            counts.put(Lane.CRITICAL, critical);
            counts.put(Lane.STANDARD, standard);
            counts.put(Lane.BATCH, batch);
            DrainBench.prefill(data, counts);
            int cloudPort;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                cloudPort = s.getLocalPort();
            }
            Process node = DrainBench.startNode(data, "http://127.0.0.1:" + cloudPort, 512, Map.of(
                    "HOLDFAST_CONFIG_UPSTREAM__RECONNECT_PROBE_MS", String.valueOf(probeMs)));
            try {
                // The node is up and finds nothing on the cloud's port: the outage runs from here.
                node.waitFor(outageSeconds, TimeUnit.SECONDS);
                if (!node.isAlive()) {
                    throw new IllegalStateException("node exited during the outage (see " + root + "/" + data.getFileName() + ".log)");
                }
                try (ReferenceCloud cloud = ReferenceCloud.start(cloudPort, root.resolve("cloud"), TOKEN)) {
                    Instant back = Instant.now();
                    long total = (long) critical + standard + batch;
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                    // The arrival log, not the store: a batch is in the store a moment before it is in the log.
                    while (cloud.ledger().arrivalLog().size() < total && System.nanoTime() < deadline
                            && node.isAlive()) {
                        node.waitFor(50, TimeUnit.MILLISECONDS); // sampling interval
                    }
                    if (cloud.ledger().arrivalLog().size() < total) {
                        System.out.printf("  (outage %d s: %,d of %,d accepted when the wait ended; node %s)%n",
                                outageSeconds, cloud.ledger().arrivalLog().size(), total,
                                node.isAlive() ? "alive" : "exited");
                    }
                    return result(outageSeconds, back, cloud.requests().all(), cloud.ledger().arrivalLog(), critical,
                            total);
                }
            } finally {
                node.destroy();
                if (!node.waitFor(30, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
        } finally {
            DataDirs.delete(root);
        }
    }

    private static Result result(int outage, Instant back, List<RequestLog.Request> requests,
                                 List<LaneLedger.Arrival> log, int critical, long total) {
        long firstRequest = requests.isEmpty() ? -1 : since(back, requests.get(0).at());
        long firstCriticalSent = requests.stream().filter(r -> "critical".equals(r.lane()) && r.events() > 0)
                .findFirst().map(r -> since(back, r.at())).orElse(-1L);
        long firstCritical = -1;
        long criticalDone = -1;
        long firstOther = -1;
        long criticalSeen = 0;
        boolean otherBeforeCriticalDone = false;
        for (LaneLedger.Arrival a : log) {
            long at = Math.max(0, Duration.between(back, a.at()).toMillis());
            if (a.lane().equals("critical")) {
                firstCritical = firstCritical < 0 ? at : firstCritical;
                if (a.laneSeq() <= critical && ++criticalSeen == critical) {
                    criticalDone = at;
                }
            } else {
                firstOther = firstOther < 0 ? at : firstOther;
                otherBeforeCriticalDone |= criticalSeen < critical;
            }
        }
        long allDone = log.size() >= total ? Math.max(0, Duration.between(back, log.get(log.size() - 1).at()).toMillis())
                : -1;
        return new Result(outage, firstRequest, firstCriticalSent, firstCritical, criticalDone, firstOther, allDone,
                criticalDone >= 0 && !otherBeforeCriticalDone);
    }

    private static long since(Instant back, Instant at) {
        return Math.max(0, Duration.between(back, at).toMillis());
    }

    private static String ms(long ms) {
        return ms < 0 ? "never" : String.format("%,d ms", ms);
    }

    private static String ratio(long value, long base) {
        return value < 0 || base <= 0 ? "-" : String.format("%.2f×", (double) value / base);
    }
}
