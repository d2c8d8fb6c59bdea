package holdfast.edge.senders;

import holdfast.edge.api.RouteKit;
import holdfast.edge.ingest.hl7.Hl7SenderListener;
import holdfast.edge.module.Module;
import holdfast.edge.observe.NodeMetrics;
import io.helidon.config.Config;
import io.helidon.webserver.http.HttpService;
import java.time.Clock;
import java.util.List;

/** HL7 senders heard from: last sent, their answers, silence; their gauges and {@code /api/v1/senders}. */
public final class SendersModule implements Module {

    private final SenderActivity senders;
    private final HttpService routes;

    private SendersModule(SenderActivity senders, HttpService routes) {
        this.senders = senders;
        this.routes = routes;
    }

    /** Reads {@code senders}. */
    public static SendersModule build(Config config, Clock clock, NodeMetrics metrics, RouteKit web) {
        SenderActivity senders = new SenderActivity(SenderSettings.from(config.get("senders")), clock);
        SenderRoutes routes = new SenderRoutes(senders, web.problems(), clock);
        return new SendersModule(senders, rules -> routes.register(rules, web.guard(), web.json(), metrics));
    }

    /** What the HL7 listener tells of each message. */
    public Hl7SenderListener listener() {
        return senders;
    }

    /** Senders gone silent, for the status and the operator alert checks. */
    public List<String> silent() {
        return senders.silent();
    }

    public HttpService routes() {
        return routes;
    }

    @Override
    public void close() {
    }
}
