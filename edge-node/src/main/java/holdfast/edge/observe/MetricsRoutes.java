package holdfast.edge.observe;

import holdfast.edge.api.Mount;
import io.helidon.http.HeaderNames;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;

/** {@code GET /observe/metrics}: the node's meters plus a few JVM basics, as Prometheus text. No token. */
final class MetricsRoutes {

    private final NodeMetrics metrics;

    public MetricsRoutes(NodeMetrics metrics) {
        this.metrics = metrics;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        metrics.gauge("jvm_heap_used_bytes", "Heap in use", "", () -> memory.getHeapMemoryUsage().getUsed());
        metrics.gauge("jvm_threads_live", "Live threads", "", () -> ManagementFactory.getThreadMXBean().getThreadCount());
        metrics.gauge("process_uptime_ms", "Milliseconds since the JVM started", "",
                () -> ManagementFactory.getRuntimeMXBean().getUptime());
    }

    public Mount mount() {
        Mount.Builder routing = Mount.at("/observe/metrics");
        routing.get("", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
        });
        return routing.build();
    }
}
