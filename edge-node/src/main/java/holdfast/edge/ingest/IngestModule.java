package holdfast.edge.ingest;

import holdfast.edge.deadletter.DeadLetters;
import holdfast.edge.idempotency.IdempotencyIndex;
import holdfast.edge.journal.LaneJournals;
import holdfast.edge.lanes.DiskGuard;
import holdfast.edge.lanes.LaneRulesSettings;
import holdfast.edge.module.Gauges;
import holdfast.edge.trace.Tracing;
import holdfast.shared.api.ChannelStatus;
import holdfast.shared.envelope.UuidV7Generator;
import io.helidon.config.Config;
import java.time.Clock;
import java.util.List;

/**
 * What every channel shares: the pipeline (lane rules, idempotency, journal, hooks), the one device-reading parser
 * with the content policy, and the count of handler failures no rule accounts for.
 */
public final class IngestModule {

    private final IngestPipeline pipeline;
    private final DeviceReadingParser readings;
    private final ChannelFailures failures;

    private IngestModule(IngestPipeline pipeline, DeviceReadingParser readings, ChannelFailures failures) {
        this.pipeline = pipeline;
        this.readings = readings;
        this.failures = failures;
    }

    /** @param hooks the projections that enrich new events and follow journaled ones, in the order they run */
    public static IngestModule build(Config config, LaneJournals journals, IdempotencyIndex index, DiskGuard disk,
                                     DeadLetters deadLetters, UuidV7Generator ids, Clock clock,
                                     IngestListener listener, List<IngestHook> hooks, Tracing tracing,
                                     Gauges gauges) {
        IngestPipeline pipeline = new IngestPipeline(LaneRulesSettings.from(config.get("lanes")).toRules(), journals,
                index, disk, deadLetters, ids, clock, listener, IngestHook.chain(hooks), tracing);
        DeviceReadingParser readings = new DeviceReadingParser(ReadingPolicy.from(config.get("readings")), clock);
        ChannelFailures failures = new ChannelFailures(clock);
        for (String channel : List.of("mqtt", "http")) {
            gauges.gauge("holdfast_ingest_handler_failures", "Unexpected channel handler failures (contained, "
                    + "dead-lettered)", "channel=\"" + channel + "\"", () -> failures.total(channel));
        }
        return new IngestModule(pipeline, readings, failures);
    }

    public IngestPipeline pipeline() {
        return pipeline;
    }

    /** Device readings (MQTT, HTTP): one parser with the content policy. */
    public DeviceReadingParser readings() {
        return readings;
    }

    public ChannelFailures failures() {
        return failures;
    }

    /** Each channel's handler failures as the status shows them. */
    public List<ChannelStatus> channels() {
        return failures.states().stream().map(c -> new ChannelStatus(c.channel(), c.failing() ? "FAILING" : "OK",
                c.failures(), c.lastFailureAt(), c.lastError())).toList();
    }
}
