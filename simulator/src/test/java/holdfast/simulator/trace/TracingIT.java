package holdfast.simulator.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import holdfast.edge.EdgeNode;
import holdfast.simulator.cloud.ReferenceCloud;
import holdfast.simulator.cloud.RequestLog;
import holdfast.simulator.support.NodeClient;
import holdfast.simulator.support.Readings;
import holdfast.simulator.support.SyncNodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code observe.otlp-endpoint} set, one reading's way through the node is traced: ingest and its durable
 * append in one trace; the sync batch that carries it links to that trace, and its upstream call is the
 * {@code traceparent} the cloud received. The collector is a plain HTTP server reading what the OTLP exporter
 * sends (protobuf, decoded here field by field).
 */
class TracingIT {

    @TempDir
    Path tmp;

    @Test
    void aReadingsIngestAppendSyncBatchAndUpstreamCallAreTracedAndTheCloudGetsTheTraceparent() throws IOException {
        List<byte[]> exports = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            exports.add(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        ReferenceCloud cloud = ReferenceCloud.start(0, tmp.resolve("cloud"), SyncNodes.CLOUD_TOKEN);
        try (EdgeNode node = SyncNodes.start(tmp.resolve("node"), cloud.url(), Map.of("observe.otlp-endpoint",
                "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces"))) {
            NodeClient api = new NodeClient(node.httpPort());
            assertThat(api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                    Readings.reading("mon-1", "traced-1", "ICU-1", null)).status()).isEqualTo(202);

            RequestLog.Request sent = await().atMost(Duration.ofSeconds(20)).until(() -> cloud.requests().all().stream()
                    .filter(r -> r.events() == 1 && r.traceparent() != null).findFirst().orElse(null),
                    r -> r != null);
            String[] traceparent = sent.traceparent().split("-");
            assertThat(traceparent).hasSize(4);

            // The SDK exports in batches (every few seconds); closing the node flushes what is left.
            node.close();
            List<Span> spans = decode(exports);
            Span ingest = only(spans, "ingest http");
            Span append = only(spans, "journal append");
            Span batch = only(spans, "sync batch standard");
            Span call = spans.stream().filter(s -> s.name().equals("upstream call")
                    && s.spanId().equals(traceparent[2])).findFirst().orElseThrow();

            assertThat(append.traceId()).isEqualTo(ingest.traceId());
            assertThat(append.parentSpanId()).isEqualTo(ingest.spanId());
            assertThat(batch.links()).contains(ingest.traceId() + "/" + ingest.spanId());
            assertThat(call.traceId()).isEqualTo(batch.traceId()).isEqualTo(traceparent[1]);
            assertThat(call.parentSpanId()).isEqualTo(batch.spanId());
        } finally {
            cloud.close();
            collector.stop(0);
        }
    }

    private static Span only(List<Span> spans, String name) {
        List<Span> named = spans.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as("spans named '" + name + "' among " + spans).hasSize(1);
        return named.get(0);
    }

    /** A span as exported: ids in hex; links as {@code traceId/spanId}. */
    record Span(String traceId, String spanId, String parentSpanId, String name, List<String> links) {
    }

    /** ExportTraceServiceRequest: resource_spans(1) → scope_spans(2) → spans(2). */
    private static List<Span> decode(List<byte[]> exports) {
        List<Span> spans = new ArrayList<>();
        for (byte[] export : exports) {
            for (ByteBuffer resource : fields(ByteBuffer.wrap(export), 1)) {
                for (ByteBuffer scope : fields(resource, 2)) {
                    for (ByteBuffer span : fields(scope, 2)) {
                        spans.add(span(span));
                    }
                }
            }
        }
        return spans;
    }

    /** Span: trace_id(1), span_id(2), parent_span_id(4), name(5), links(13: trace_id 1, span_id 2). */
    private static Span span(ByteBuffer span) {
        List<String> links = new ArrayList<>();
        for (ByteBuffer link : fields(span.duplicate(), 13)) {
            links.add(hex(fields(link.duplicate(), 1)) + "/" + hex(fields(link, 2)));
        }
        return new Span(hex(fields(span.duplicate(), 1)), hex(fields(span.duplicate(), 2)),
                hex(fields(span.duplicate(), 4)), text(fields(span.duplicate(), 5)), links);
    }

    /** The length-delimited fields numbered {@code number} in a message; other fields are skipped. */
    private static List<ByteBuffer> fields(ByteBuffer message, int number) {
        List<ByteBuffer> out = new ArrayList<>();
        ByteBuffer in = message.duplicate();
        while (in.hasRemaining()) {
            long key = varint(in);
            int wire = (int) (key & 7);
            switch (wire) {
                case 0 -> varint(in);
                case 1 -> in.position(in.position() + 8);
                case 5 -> in.position(in.position() + 4);
                case 2 -> {
                    int length = (int) varint(in);
                    ByteBuffer value = in.slice(in.position(), length);
                    in.position(in.position() + length);
                    if (key >>> 3 == number) {
                        out.add(value);
                    }
                }
                default -> throw new IllegalStateException("unexpected protobuf wire type " + wire);
            }
        }
        return out;
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private static String hex(List<ByteBuffer> field) {
        return field.isEmpty() ? "" : HexFormat.of().formatHex(bytes(field.get(0)));
    }

    private static String text(List<ByteBuffer> field) {
        return field.isEmpty() ? "" : new String(bytes(field.get(0)), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
