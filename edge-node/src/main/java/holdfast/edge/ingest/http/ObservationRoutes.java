package holdfast.edge.ingest.http;

import holdfast.edge.api.ApiHeaders;
import holdfast.edge.api.Guard;
import holdfast.edge.api.Problems;
import holdfast.edge.api.Mount;
import holdfast.edge.deadletter.DeadLetter;
import holdfast.edge.devices.DeviceSubjects;
import holdfast.edge.idempotency.ContentHash;
import holdfast.edge.ingest.ChannelFailures;
import holdfast.edge.ingest.DeviceReadingParser;
import holdfast.edge.ingest.DeviceReadingParser.ValidatedReading;
import holdfast.edge.ingest.IngestOutcome;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.ingest.IngestRequest;
import holdfast.edge.ingest.InvalidInputException;
import holdfast.edge.lanes.LaneCandidate;
import holdfast.edge.security.Permission;
import holdfast.edge.security.Principal;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Raw;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.UuidV7Generator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST /api/v1/observations} (contract §4): a device reading over HTTP. Answers {@code 202} only once
 * the event is durable, {@code 200} for a repeated idempotency key, {@code 400} after invalid input is kept
 * as a dead letter ({@code 415} when the body is not declared JSON), {@code 503} with {@code Retry-After} when
 * the lane refuses. A caller's {@code Idempotency-Key} stays in its own namespace ({@link CallerKeys}). An
 * unexpected failure is contained: dead letter, {@code 500} problem with the correlation id, counted in
 * {@link ChannelFailures}. Thread-safe.
 */
final class ObservationRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ObservationRoutes.class);
    private static final Pattern SANE_HEADER = Pattern.compile("[A-Za-z0-9._:~-]{1,128}");

    private final IngestPipeline pipeline;
    private final DeviceReadingParser parser;
    private final HttpIngestSettings settings;
    private final Problems problems;
    private final UuidV7Generator ids;
    private final Clock clock;
    private final DeviceSubjects subjects;
    private final ChannelFailures failures;
    private final LongAdder connectionNoise;

    /**
     * @param subjects        where each device is (the device registry), for the events' subject
     * @param failures        where unexpected handler failures are recorded (health, status)
     * @param connectionNoise counts callers that went away mid-body
     */
    public ObservationRoutes(IngestPipeline pipeline, DeviceReadingParser parser, HttpIngestSettings settings,
                             Problems problems, UuidV7Generator ids, Clock clock, DeviceSubjects subjects,
                             ChannelFailures failures, LongAdder connectionNoise) {
        this.subjects = subjects;
        this.pipeline = pipeline;
        this.parser = parser;
        this.settings = settings;
        this.problems = problems;
        this.ids = ids;
        this.clock = clock;
        this.failures = failures;
        this.connectionNoise = connectionNoise;
    }

    public Mount mount(Guard guard) {
        Mount.Builder routing = Mount.at("/api/v1/observations");
        routing.post("", guard.require(Permission.INGEST, this::post));
        return routing.build();
    }

    private void post(Principal principal, ServerRequest req, ServerResponse res) {
        String correlationId = req.headers().first(ApiHeaders.CORRELATION_ID)
                .filter(v -> SANE_HEADER.matcher(v).matches()).orElseGet(ids::nextString);
        MDC.put("correlationId", correlationId);
        Body body = null;
        String headerKey = null;
        try {
            try {
                body = readLimited(req);
            } catch (IOException | RuntimeException e) {
                // The caller went away mid-body (however the server reports it): connection noise, counted,
                // nothing complete to keep or anyone to answer; never a failure of the channel.
                connectionNoise.increment();
                return;
            }
            headerKey = req.headers().first(ApiHeaders.IDEMPOTENCY_KEY).orElse(null);
            handle(principal, req, res, body, headerKey, correlationId);
        } catch (RuntimeException e) {
            contain(res, body, headerKey, correlationId, e);
        } finally {
            MDC.remove("correlationId");
        }
    }

    private void handle(Principal principal, ServerRequest req, ServerResponse res, Body body, String headerKey,
                        String correlationId) {
        if (body.truncated()) {
            reject(res, body, "body is larger than the limit of " + settings.maxBodyBytes() + " bytes",
                    correlationId, headerKey);
            return;
        }
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
        if (!JsonContentType.accepts(contentType)) {
            if (foreign(principal, body, res, correlationId)) {
                return;
            }
            reject(res, body, 415, "Unsupported media type",
                    "Content-Type must be application/json (charset, if given, utf-8)", correlationId, headerKey);
            return;
        }
        ValidatedReading reading;
        try {
            reading = parser.parse(body.bytes());
        } catch (InvalidInputException e) {
            if (!foreign(principal, body, res, correlationId)) {
                reject(res, body, e.getMessage(), correlationId, headerKey);
            }
            return;
        }
        if (!principal.mayActFor(reading.deviceId())) {
            problems.send(res, 403, "Forbidden", "this token is bound to another device", correlationId);
            return;
        }
        if (headerKey != null && !SANE_HEADER.matcher(headerKey).matches()) {
            reject(res, body, "Idempotency-Key must match " + SANE_HEADER.pattern(), correlationId, null);
            return;
        }
        String key;
        try {
            key = CallerKeys.of(headerKey, reading.deviceId(), reading.messageId());
        } catch (InvalidInputException e) {
            LOG.warn("event=http.key_refused deviceId={} tokenId={} correlationId={}", reading.deviceId(),
                    principal.tokenId(), correlationId);
            reject(res, body, e.getMessage(), correlationId, null);
            return;
        }
        IngestOutcome outcome = pipeline.ingestAndWait(request(reading, key, correlationId, body.bytes(), subjects));
        answer(res, outcome, correlationId);
    }

    /**
     * Answers {@code 403} when a device-bound token sent a body naming another device. Checked before refused
     * input is kept (a valid reading is checked after parsing): a bound token must not plant another device's
     * dead letters, which an operator's reprocess would then journal in that device's name.
     */
    private boolean foreign(Principal principal, Body body, ServerResponse res, String correlationId) {
        if (principal.deviceId() == null) {
            return false;
        }
        String claimed = parser.peek(body.bytes(), "deviceId");
        if (claimed == null || principal.mayActFor(claimed)) {
            return false;
        }
        problems.send(res, 403, "Forbidden", "this token is bound to another device", correlationId);
        return true;
    }

    /**
     * An exception no rule accounts for: the input is kept as a dead letter (when it can be), the failure
     * counted against the channel, and the caller answered {@code 500} with the correlation id under which it
     * was logged once. The channel carries on with the next request.
     */
    private void contain(ServerResponse res, Body body, String headerKey, String correlationId, RuntimeException e) {
        failures.failed("http", e.getClass().getSimpleName());
        Long deadLetterId = null;
        if (body != null) {
            try {
                deadLetterId = deadLetter(body, "unexpected failure while handling the reading ("
                        + e.getClass().getSimpleName() + ")", correlationId, null).deadLetterId();
            } catch (RuntimeException again) {
                LOG.debug("event=http.deadletter_failed correlationId={} error={}", correlationId, again.toString());
            }
        }
        LOG.error("event=http.handler_failed correlationId={} deadLetterId={} error={}", correlationId,
                deadLetterId, e.getClass().getName());
        if (!res.isSent()) {
            problems.send(res, 500, "Internal error", deadLetterId == null
                    ? "the reading could not be handled; send it again later"
                    : "the reading could not be handled; it is kept as dead letter " + deadLetterId, correlationId);
        }
    }

    private void answer(ServerResponse res, IngestOutcome outcome, String correlationId) {
        res.header(ApiHeaders.CORRELATION_ID, correlationId);
        switch (outcome) {
            case IngestOutcome.Accepted a ->
                    receipt(res, 202, a.event().eventId(), a.event().lane().wireName(), false);
            case IngestOutcome.Duplicate d ->
                    receipt(res, 200, d.known().eventId(), d.known().lane().wireName(), true);
            case IngestOutcome.Refused r -> {
                res.header(HeaderNames.RETRY_AFTER, String.valueOf(settings.retryAfterSeconds()));
                problems.send(res, 503, "Lane refusing events", r.reason(), correlationId);
            }
            case IngestOutcome.Invalid i -> problems.badRequest(res, i.error(), correlationId);
        }
    }

    /**
     * The {@link holdfast.shared.api.IngestReceipt} JSON, written by hand: it is the answer to every post, its
     * values are ids and lane names that need no escaping, and reflective record serialisation was a visible
     * share of the ingest profile.
     */
    private static void receipt(ServerResponse res, int status, String eventId, String lane, boolean duplicate) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(("{\"eventId\":\"" + eventId + "\",\"lane\":\"" + lane + "\",\"duplicate\":" + duplicate + "}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The ingest request for a valid reading (shared with {@link HttpReprocessor}). */
    static IngestRequest request(ValidatedReading reading, String key, String correlationId, byte[] raw,
                                 DeviceSubjects subjects) {
        return new IngestRequest(key, EventKind.OBSERVATION, new Source("http", reading.deviceId(), reading.messageId()),
                correlationId, null, reading.observedAt(),
                subjects.subjectFor("http", reading.deviceId(), reading.bed()),
                reading.payload(), Raw.of("application/json", raw),
                new LaneCandidate(EventKind.OBSERVATION, "http", reading.deviceId(), reading.values(),
                        reading.priority()));
    }

    private void reject(ServerResponse res, Body body, String error, String correlationId, String key) {
        reject(res, body, 400, "Invalid request", error, correlationId, key);
    }

    private void reject(ServerResponse res, Body body, int status, String title, String error, String correlationId,
                        String key) {
        IngestOutcome.Invalid invalid = deadLetter(body, error, correlationId, key);
        LOG.info("event=http.invalid deadLetterId={} correlationId={} error=\"{}\"", invalid.deadLetterId(),
                correlationId, error);
        problems.send(res, status, title, error, correlationId);
    }

    private IngestOutcome.Invalid deadLetter(Body body, String error, String correlationId, String key) {
        byte[] bytes = body.bytes();
        return pipeline.reject(new DeadLetter(clock.instant(), "http", parser.peek(bytes, "deviceId"), correlationId,
                key, ContentHash.of(bytes), body.size(), "application/json", error, parser.peek(bytes, "priority"),
                bytes, body.truncated()));
    }

    /** Reads at most the limit (plus one byte to know it was exceeded); never buffers an unbounded body. */
    private Body readLimited(ServerRequest req) throws IOException {
        int limit = settings.maxBodyBytes();
        // Sized by the declared length when there is one (a reading is a few hundred bytes: a 64 KB buffer
        // zeroed per request was a visible share of the handler); the buffer still grows if the length lied.
        long declared = req.headers().contentLength().orElse(-1);
        int initial = declared >= 0 && declared < 64 * 1024 ? (int) declared + 1 : 64 * 1024;
        byte[] buffer = new byte[Math.min(limit + 1, initial)];
        int n = 0;
        int total = 0;
        try (InputStream in = req.content().inputStream()) {
            int r;
            while ((r = in.read(buffer, n, buffer.length - n)) != -1) {
                n += r;
                total += r;
                if (n > limit) {
                    // Count the rest without keeping it, so the dead letter records the real size.
                    long skipped = in.transferTo(OutputStreamSink.INSTANCE);
                    total = (int) Math.min(Integer.MAX_VALUE, total + skipped);
                    return new Body(Arrays.copyOf(buffer, limit), total, true);
                }
                if (n == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(limit + 1, buffer.length * 2));
                }
            }
        }
        return new Body(Arrays.copyOf(buffer, n), total, false);
    }

    private record Body(byte[] bytes, int size, boolean truncated) {
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
