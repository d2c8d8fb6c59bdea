package holdfast.edge.senders;

import holdfast.edge.api.Mount;
import holdfast.edge.api.RouteKit;
import holdfast.edge.ingest.hl7.Hl7SenderListener;
import holdfast.edge.module.Module;
import holdfast.edge.observe.NodeMetrics;
import io.helidon.config.Config;
import java.time.Clock;
import java.util.List;

/**
 * HL7 senders heard from: last sent, their answers, silence; their gauges ({@code holdfast_hl7_senders{state}},
 * {@code holdfast_hl7_acks{ack}}) and {@code /api/v1/senders}.
 */
public final class SendersModule implements Module {

    private final SenderActivity senders;
    private final Mount routes;

    private SendersModule(SenderActivity senders, Mount routes) {
        this.senders = senders;
        this.routes = routes;
    }

    /** Reads {@code senders}. */
    public static SendersModule build(Config config, Clock clock, NodeMetrics metrics, RouteKit web) {
        SenderActivity senders = new SenderActivity(SenderSettings.from(config.get("senders")), clock);
        // Labels from fixed sets only: the per-sender detail is the API's.
        for (SenderState state : SenderState.values()) {
            metrics.gauge("holdfast_hl7_senders", "HL7 senders (MSH-3/MSH-4) heard from or configured, by state",
                    "state=\"" + state.wireName() + "\"", () -> senders.counts().get(state));
        }
        for (String ack : SenderActivity.ACK_CODES) {
            metrics.gauge("holdfast_hl7_acks", "HL7 messages answered since start, by ACK code (CA/CE/CR as AA/AE/AR)",
                    "ack=\"" + ack + "\"", () -> senders.acks(ack));
        }
        SenderRoutes routes = new SenderRoutes(senders, web.problems(), clock);
        return new SendersModule(senders, routes.mount(web.guard(), web.json()));
    }

    /** What the HL7 listener tells of each message. */
    public Hl7SenderListener listener() {
        return senders;
    }

    /** Senders gone silent, for the status and the operator alert checks. */
    public List<String> silent() {
        return senders.silent();
    }

    public Mount routes() {
        return routes;
    }

    @Override
    public void close() {
    }
}
