package holdfast.edge.sync;

import holdfast.edge.trace.Tracing;
import holdfast.shared.envelope.Lane;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.util.List;

/**
 * An upstream whose every batch call is timed and told, with its outcome, to {@link SyncTimings}, and traced as
 * a client span (child of the sync batch) that the HTTP and Kafka senders pass on as {@code traceparent}.
 */
final class TimedUpstream implements Upstream {

    private final Upstream upstream;
    private final SyncTimings timings;
    private final Tracing tracing;

    TimedUpstream(Upstream upstream, SyncTimings timings, Tracing tracing) {
        this.upstream = upstream;
        this.timings = timings;
        this.tracing = tracing;
    }

    @Override
    public SyncOutcome send(String batchId, Lane lane, List<byte[]> events) throws InterruptedException {
        Span span = span(batchId, lane, events.size());
        long start = System.nanoTime();
        try (Scope current = span.makeCurrent()) {
            return told(upstream.send(batchId, lane, events), start, span);
        } finally {
            span.end();
        }
    }

    @Override
    public SyncOutcome probe() throws InterruptedException {
        return upstream.probe();
    }

    @Override
    public SyncOutcome resend(String batchId, Lane lane, List<byte[]> events) throws InterruptedException {
        Span span = span(batchId, lane, events.size());
        long start = System.nanoTime();
        try (Scope current = span.makeCurrent()) {
            return told(upstream.resend(batchId, lane, events), start, span);
        } finally {
            span.end();
        }
    }

    @Override
    public CloudLaneSeq highestSeq(Lane lane) throws InterruptedException {
        return upstream.highestSeq(lane);
    }

    @Override
    public void close() {
        upstream.close();
    }

    private Span span(String batchId, Lane lane, int events) {
        if (!tracing.enabled()) {
            return Span.getInvalid();
        }
        return tracing.tracer().spanBuilder("upstream call").setSpanKind(SpanKind.CLIENT)
                .setAttribute("holdfast.lane", lane.wireName()).setAttribute("holdfast.batch_id", batchId)
                .setAttribute("holdfast.events", events).startSpan();
    }

    private SyncOutcome told(SyncOutcome outcome, long start, Span span) {
        String name = switch (outcome) {
            case SyncOutcome.Answered a -> "answered";
            case SyncOutcome.Split s -> "split";
            case SyncOutcome.Retry r -> "retry";
            case SyncOutcome.Fatal f -> "fatal";
        };
        timings.called(name, System.nanoTime() - start);
        span.setAttribute("holdfast.outcome", name);
        return outcome;
    }
}
