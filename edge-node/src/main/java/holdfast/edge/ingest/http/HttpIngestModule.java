package holdfast.edge.ingest.http;

import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.deadletter.ReprocessChannel;
import holdfast.edge.devices.DeviceSubjects;
import holdfast.edge.ingest.ChannelFailures;
import holdfast.edge.ingest.DeviceReadingParser;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.module.Counters;
import holdfast.edge.module.Module;
import holdfast.shared.envelope.UuidV7Generator;
import io.helidon.config.Config;
import java.time.Clock;

/**
 * Device readings over HTTP ({@code POST /api/v1/observations}) and the reprocessing of HTTP dead letters.
 * Reads {@code http}. Runs on the web server's threads and owns none.
 */
public final class HttpIngestModule implements Module {

    private final Mount routes;
    private final HttpReprocessor reprocessor;

    private HttpIngestModule(Mount routes, HttpReprocessor reprocessor) {
        this.routes = routes;
        this.reprocessor = reprocessor;
    }

    public static HttpIngestModule build(Config config, IngestPipeline pipeline, DeviceReadingParser parser,
                                         DeviceSubjects subjects, UuidV7Generator ids, Clock clock,
                                         ChannelFailures failures, Counters counters, RouteKit web) {
        ObservationRoutes routes = new ObservationRoutes(pipeline, parser, HttpIngestSettings.from(config.get("http")),
                web.problems(), ids, clock, subjects, failures, counters.counter("holdfast_http_connection_errors_total",
                        "Device posts whose caller went away before the body was read", ""));
        return new HttpIngestModule(routes.mount(web.guard()),
                new HttpReprocessor(pipeline, parser, subjects));
    }

    public Mount routes() {
        return routes;
    }

    /** Dead letters from HTTP, parsed and ingested again. */
    public ReprocessChannel reprocessing() {
        return reprocessor;
    }

    @Override
    public void close() {
    }
}
