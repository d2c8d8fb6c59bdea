package holdfast.edge.sync;

import holdfast.edge.audit.AuditLog;
import holdfast.edge.idempotency.IdempotencyIndex;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.module.Gauges;
import holdfast.edge.module.Module;
import holdfast.edge.module.Parts;
import holdfast.edge.store.Database;
import holdfast.edge.sync.fhir.FhirSettings;
import holdfast.edge.sync.fhir.FhirSink;
import holdfast.edge.sync.fhir.OriginalEvents;
import holdfast.edge.sync.kafka.KafkaSettings;
import holdfast.edge.sync.kafka.KafkaSink;
import holdfast.edge.sync.kafka.KafkaVerdicts;
import holdfast.edge.threads.ThreadFailures;
import holdfast.edge.trace.Tracing;
import holdfast.shared.envelope.EnvelopeCodec;
import holdfast.shared.envelope.Lane;
import io.helidon.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Store-and-forward to the cloud: the resend queue, the upstream the URL names (the HTTP batch protocol,
 * {@code kafka://} with its verdict reader, or {@code fhir+http(s)://}), one sync worker per lane, and their
 * gauges. Built idle; {@link #start()} sends. Reads {@code upstream} (and {@code kafka}, {@code fhir}). Closed before
 * the journals it reads.
 */
public final class SyncModule implements Module {

    private final Parts parts;
    private final SyncService sync;
    private final ResendQueue resends;
    private final KafkaVerdicts verdicts; // null unless the upstream is Kafka

    private SyncModule(Parts parts, SyncService sync, ResendQueue resends, KafkaVerdicts verdicts) {
        this.parts = parts;
        this.sync = sync;
        this.resends = resends;
        this.verdicts = verdicts;
    }

    /**
     * @param disputes  where the cloud's verdicts open reconciliations
     * @param originals what a FHIR correction replaces (the reconciliations' original events)
     */
    public static SyncModule build(Config config, String nodeId, LaneJournals journals, IdempotencyIndex index,
                                   Database database, DisputeRecorder disputes, OriginalEvents originals,
                                   AuditLog audit, EnvelopeCodec codec, Clock clock, SyncTimings timings,
                                   Tracing tracing, ThreadFailures failures, Gauges gauges) {
        SyncSettings settings = SyncSettings.from(config);
        return Parts.build(parts -> {
            ResendQueue resends = new ResendQueue(database, clock);
            UpstreamFactory sink = null; // the HTTP batch protocol
            KafkaVerdicts verdicts = null;
            if (KafkaSettings.handles(settings.url())) { // a Kafka cluster instead of the HTTP batch protocol
                KafkaSettings kafka = KafkaSettings.from(config);
                sink = parts.push(new KafkaSink(kafka, settings, nodeId, codec.mapper()));
                verdicts = parts.push(KafkaVerdicts.build(kafka, nodeId, journals, index, database,
                        disputes, codec.mapper(), failures));
                gauges.gauge("holdfast_kafka_verdicts_opened", "Reconciliations opened from Kafka verdicts", "",
                        verdicts::opened);
                gauges.gauge("holdfast_kafka_verdicts_skipped", "Verdict records skipped (another node's, unreadable, "
                        + "unknown event)", "", verdicts::skipped);
            }
            if (FhirSettings.handles(settings.url())) { // a FHIR R4 server, one transaction per batch
                sink = new FhirSink(FhirSettings.from(config), settings, codec.mapper(), originals, clock);
            }
            SyncService sync = parts.push(SyncService.build(settings, nodeId, journals, database, resends, disputes,
                    audit, codec, clock, sink, timings, tracing, failures));
            for (Lane lane : Lane.values()) {
                gauges.gauge("holdfast_sync_synced", "Events of the lane the cloud has answered for (highest laneSeq)",
                        "lane=\"" + lane.wireName() + "\"", () -> sync.syncedSeq(lane));
            }
            gauges.gauge("holdfast_upstream_connected", "1 while the cloud answers", "",
                    () -> sync.reachable() ? 1 : 0);
            return new SyncModule(parts, sync, resends, verdicts);
        });
    }

    public SyncService sync() {
        return sync;
    }

    /** How far the cloud's clock is from ours, as last measured; empty until the cloud has answered. */
    public Optional<Duration> cloudSkew() {
        return sync.cloudClock().last().map(CloudClock.Reading::skew);
    }

    /** Events a person asked to send again (a resolved reconciliation). */
    public ResendQueue resends() {
        return resends;
    }

    /**
     * Starts reading the cloud's verdicts and sending the lanes. The root calls this once the start-up passes have
     * put the node's state right (interrupted resolutions completed, alerts judged), so the first batch sent
     * after a restart carries what those passes journaled.
     */
    @Override
    public void start() {
        if (verdicts != null) {
            verdicts.start();
        }
        sync.start();
    }

    @Override
    public void close() {
        parts.close();
    }
}
