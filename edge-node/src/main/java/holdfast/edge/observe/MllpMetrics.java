package holdfast.edge.observe;

import holdfast.edge.ingest.hl7.MllpServer;

/** The MLLP listener's meters, read from the listener when scraped. */
final class MllpMetrics {

    private MllpMetrics() {
    }

    public static void register(NodeMetrics metrics, MllpServer mllp) {
        metrics.gauge("holdfast_mllp_connections", "Open MLLP connections", "", mllp::openConnections);
        metrics.gauge("holdfast_mllp_refused_connections",
                "MLLP connections closed on accept at the global or the per-peer connection limit", "",
                mllp::refusedConnections);
        for (MllpServer.Closed reason : MllpServer.Closed.values()) {
            metrics.gauge("holdfast_mllp_connection_noise",
                    "MLLP connections refused or ended early (frames abandoned for broken-frame), by reason",
                    "reason=\"" + reason.label() + "\"", () -> mllp.closed(reason));
        }
        metrics.gauge("holdfast_hl7_handler_failures", "HL7 messages that met an internal error (kept as dead letters)",
                "", () -> mllp.status().handlerFailures());
        metrics.gauge("holdfast_hl7_failing", "1 while HL7 messages keep meeting an internal error", "",
                () -> "FAILING".equals(mllp.status().state()) ? 1 : 0);
    }
}
