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

    public static final Tracing OFF = new Tracing(OpenTelemetry.noop(), null);
    static final int REMEMBERED = 20_000;
    private static final String MDC_KEY = "traceId";

    private final Tracer tracer;
    private final SdkTracerProvider provider;
    private final Map<String, SpanContext> events = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
            return size() > REMEMBERED;
        }
    };

    private Tracing(OpenTelemetry otel, SdkTracerProvider provider) {
        this.tracer = otel.getTracer("holdfast.edge");
        this.provider = provider;
    }

    public static Tracing start(TracingSettings settings, String nodeId) {
        if (!settings.enabled()) {
            return OFF;
        }
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "holdfast-edge-node",
                        AttributeKey.stringKey("service.instance.id"), nodeId)))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                        .setEndpoint(settings.otlpEndpoint()).build()).build())
                .build();
        return new Tracing(new OpenTelemetry() {
            @Override
            public io.opentelemetry.api.trace.TracerProvider getTracerProvider() {
                return provider;
            }

            @Override
            public io.opentelemetry.context.propagation.ContextPropagators getPropagators() {
                return io.opentelemetry.context.propagation.ContextPropagators.noop();
            }
        }, provider);
    }

    public boolean enabled() {
        return provider != null;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** Notes the span an event was ingested in, for the sync batch that later carries it. */
    public void remember(String eventId, SpanContext ingest) {
        if (provider != null && ingest.isValid()) {
            synchronized (events) {
                events.put(eventId, ingest);
            }
        }
    }

    /** The span the event was ingested in, while remembered. */
    public Optional<SpanContext> ingestOf(String eventId) {
        if (provider == null) {
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
    public void close() {
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
