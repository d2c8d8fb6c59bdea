package holdfast.edge.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.MDC;

/**
 * The node's tracer and what ties an event's spans together. Off (no {@code observe.otlp-endpoint}): the
 * OpenTelemetry no-op tracer, nothing remembered, nothing exported. On: spans are batched and exported over
 * OTLP/HTTP from the SDK's own thread; a full export queue drops spans, it never blocks ingest.
 *
 * <p>A sync batch links to the ingest span of each event it carries; the links are kept in memory for the
 * last {@value #REMEMBERED} events (an event synced after a restart, or after a long outage, has none).
 */
public final class Tracing implements AutoCloseable {

    public static final Tracing OFF = new Tracing(null, null);
    static final int REMEMBERED = 20_000;
    private static final String MDC_KEY = "traceId";
    private static final Tracer NO_OP = OpenTelemetry.noop().getTracer("holdfast.edge");

    private final TracingSettings settings; // null: off
    private final String nodeId;
    private final Map<String, SpanContext> events = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
            return size() > REMEMBERED;
        }
    };
    // Until start(): spans are no-ops, so parts built before the exporter runs may hold this tracing already.
    private volatile Tracer tracer = NO_OP;
    private SdkTracerProvider provider; // guarded by this; set by start()

    private Tracing(TracingSettings settings, String nodeId) {
        this.settings = settings;
        this.nodeId = nodeId;
    }

    /** The node's tracing as configured; it exports nothing until {@link #start()}. */
    public static Tracing build(io.helidon.config.Config observe, String nodeId) {
        return build(TracingSettings.from(observe), nodeId);
    }

    static Tracing build(TracingSettings settings, String nodeId) {
        return settings.enabled() ? new Tracing(settings, nodeId) : OFF;
    }

    /** Starts the exporter's thread (the SDK starts it as the span processor is built); does nothing when off. */
    public synchronized void start() {
        if (settings == null || provider != null) {
            return;
        }
        SdkTracerProvider sdk = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "holdfast-edge-node",
                        AttributeKey.stringKey("service.instance.id"), nodeId)))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                        .setEndpoint(settings.otlpEndpoint()).build()).build())
                .build();
        provider = sdk;
        tracer = sdk.get("holdfast.edge");
    }

    public boolean enabled() {
        return settings != null;
    }

    public Tracer tracer() {
        return tracer; // the no-op tracer until started
    }

    /** Notes the span an event was ingested in, for the sync batch that later carries it. */
    public void remember(String eventId, SpanContext ingest) {
        if (settings != null && ingest.isValid()) {
            synchronized (events) {
                events.put(eventId, ingest);
            }
        }
    }

    /** The span the event was ingested in, while remembered. */
    public Optional<SpanContext> ingestOf(String eventId) {
        if (settings == null) {
            return Optional.empty();
        }
        synchronized (events) {
            return Optional.ofNullable(events.get(eventId));
        }
    }

    /** Puts the span's trace id in the logging context ({@code traceId}) until closed; nothing when not tracing. */
    public static Mdc mdc(Span span) {
        SpanContext c = span.getSpanContext();
        if (!c.isValid()) {
            return Mdc.NONE;
        }
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, c.getTraceId());
        return () -> {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        };
    }

    /** Writes the current span as a W3C {@code traceparent} (nothing when there is none). */
    public static <C> void inject(C carrier, BiConsumer<C, String> traceparent) {
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier,
                (c, key, value) -> {
                    if ("traceparent".equals(key)) {
                        traceparent.accept(c, value);
                    }
                });
    }

    /** Exports what is still queued (bounded), then stops the exporter. */
    @Override
    public synchronized void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    /** A logging context to close; never throws. */
    public interface Mdc extends AutoCloseable {
        Mdc NONE = () -> { };

        @Override
        void close();
    }
}
