package holdfast.edge.ingest.hl7;

import holdfast.edge.deadletter.ReprocessChannel;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.module.Counters;
import holdfast.edge.module.Module;
import holdfast.edge.module.Parts;
import holdfast.edge.threads.ThreadFailures;
import holdfast.edge.tls.ServerTls;
import holdfast.edge.tls.TlsAcceptor;
import holdfast.shared.api.Hl7Status;
import holdfast.shared.envelope.UuidV7Generator;
import io.helidon.config.Config;
import java.time.Clock;
import java.util.Optional;

/**
 * HL7 v2 over MLLP: the listener (when {@code mllp.enabled}), with its TLS handshakes when {@code mllp.tls} is
 * enabled, and the reprocessing of HL7 dead letters. Listens once started; closed before the journals.
 */
public final class Hl7Module implements Module {

    private final Parts parts;
    private final Optional<MllpServer> listener;
    private final boolean tls;
    private final Hl7Reprocessor reprocessor;

    private Hl7Module(Parts parts, Optional<MllpServer> listener, boolean tls, Hl7Reprocessor reprocessor) {
        this.parts = parts;
        this.listener = listener;
        this.tls = tls;
        this.reprocessor = reprocessor;
    }

    /** @param senders told of each message, for the HL7 senders' activity */
    /** Whether {@code mllp.enabled}: the node listens for HL7 at all. */
    public static boolean listens(Config config) {
        return MllpSettings.from(config.get("mllp")).enabled();
    }

    public static Hl7Module build(Config config, Optional<ServerTls> tls, IngestPipeline pipeline, UuidV7Generator ids,
                                  Clock clock, Hl7SenderListener senders, Counters counters, ThreadFailures failures) {
        MllpSettings settings = MllpSettings.from(config.get("mllp"));
        Hl7Reprocessor reprocessor = new Hl7Reprocessor(new Hl7Ingest(pipeline, settings, ids, clock));
        if (!settings.enabled()) {
            return new Hl7Module(new Parts(), Optional.empty(), false, reprocessor);
        }
        return Parts.build(parts -> {
            Optional<TlsAcceptor> handshakes = tls.map(t -> parts.push(new TlsAcceptor(t, "mllp",
                    counters.counter("holdfast_tls_handshake_failures_total", "TLS handshakes that failed or timed out",
                            "listener=\"mllp\""), failures))); // closed after the listener (pushed before it)
            MllpServer listener = parts.push(new MllpServer(settings, new Hl7Ingest(pipeline, settings, ids, clock,
                    senders), handshakes, failures));
            return new Hl7Module(parts, Optional.of(listener), handshakes.isPresent(), reprocessor);
        });
    }

    @Override
    public void start() {
        listener.ifPresent(MllpServer::start);
    }

    /** The listener, for its meters; empty when {@code mllp.enabled} is false. */
    public Optional<MllpServer> listener() {
        return listener;
    }

    /** The listener's state for status and health; null when there is no listener. */
    public Hl7Status status() {
        return listener.map(MllpServer::status).orElse(null);
    }

    /** The bound port, or -1 when the listener is disabled. */
    public int port() {
        return listener.map(MllpServer::port).orElse(-1);
    }

    /** True when the listener speaks TLS, which the canary does not. */
    public boolean tls() {
        return tls;
    }

    /** Dead letters from HL7, parsed and ingested again. */
    public ReprocessChannel reprocessing() {
        return reprocessor;
    }

    @Override
    public void close() {
        parts.close();
    }
}
