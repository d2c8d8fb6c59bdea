package holdfast.edge.ingest.hl7;

import holdfast.edge.deadletter.DeadLetter;
import holdfast.edge.idempotency.ContentHash;
import holdfast.edge.idempotency.KnownEvent;
import holdfast.edge.ingest.IngestOutcome;
import holdfast.edge.ingest.IngestPipeline;
import holdfast.edge.ingest.hl7.Hl7Charsets.Decoded;
import holdfast.shared.envelope.UuidV7Generator;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HL7 channel adapter: one MLLP frame in, one acknowledgement out. {@code AA} (or {@code CA}) only once
 * the event is durable in its lane journal; a resend of the same key and content gets {@code AA} again with
 * nothing new journaled; {@code AE}/{@code AR} only once the input is durable as a dead letter. In enhanced
 * mode the commit codes CA/CE/CR are used and MSH-15 decides whether to answer at all (NE never, ER only on
 * error, SU only on success, AL or empty always); application acknowledgements (MSH-16) are the receiving
 * system's to send, upstream, and are not sent by this store-and-forward hop.
 * <p>One frame is one message: a frame holding a second MSH, or an FHS/BHS batch, is refused as a whole
 * ({@code AR}, dead letter) with words that say so, never half-journaled. No input stops the channel: an
 * unexpected failure while handling a frame is contained here, the frame kept as a dead letter and answered,
 * and counted; repeated failures with no success between them show as {@link #failing()}.
 * Thread-safe: any number of connection threads call {@link #handle} at once.
 */
final class Hl7Ingest {

    private static final Logger LOG = LoggerFactory.getLogger(Hl7Ingest.class);
    static final String REUSED = "control id reused with different content";
    /** Failures in a row, with no success between, from which the channel counts as failing. */
    static final int FAILING_AFTER = 3;

    private final IngestPipeline pipeline;
    private final MllpSettings settings;
    private final Hl7Reader reader;
    private final Hl7Acks acks;
    private final UuidV7Generator ids;
    private final Clock clock;
    private final Hl7SenderListener senders;
    private final LongAdder failures = new LongAdder();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile Instant lastFailureAt;

    public Hl7Ingest(IngestPipeline pipeline, MllpSettings settings, UuidV7Generator ids, Clock clock) {
        this(pipeline, settings, ids, clock, Hl7SenderListener.NONE);
    }

    /** @param senders told of each answer per sending application and facility */
    public Hl7Ingest(IngestPipeline pipeline, MllpSettings settings, UuidV7Generator ids, Clock clock,
                     Hl7SenderListener senders) {
        this.senders = senders;
        this.pipeline = Objects.requireNonNull(pipeline);
        this.settings = settings;
        this.reader = new Hl7Reader(new Hl7Times(settings.zone()), settings.strict());
        this.acks = new Hl7Acks(reader.parser(), clock);
        this.ids = ids;
        this.clock = clock;
    }

    /** The acknowledgement's bytes (unframed), or empty when enhanced mode says not to answer. Never throws. */
    Optional<byte[]> handle(MllpFrame frame) {
        String correlationId = ids.nextString();
        MDC.put("correlationId", correlationId);
        RawMsh msh = null;
        try {
            msh = RawMsh.sniff(frame.bytes());
            Optional<byte[]> ack = handle(frame, msh, correlationId);
            failuresInARow.set(0);
            return ack;
        } catch (RuntimeException | StackOverflowError e) {
            return contain(frame, msh, e, correlationId);
        } finally {
            MDC.remove("correlationId");
        }
    }

    /**
     * An input met a failure of the node's own (a bug, a parser stack overflow, the journal failing): keep it as
     * a dead letter and answer {@code AE}, which tells the sender not to send the same message again, so that
     * one input cannot make a sender loop; an operator reprocesses it once the cause is fixed. Only when even the
     * dead letter cannot be stored is the answer {@code AR} "resend later": then nothing was kept.
     */
    private Optional<byte[]> contain(MllpFrame frame, RawMsh msh, Throwable e, String correlationId) {
        failures.increment();
        lastFailureAt = clock.instant();
        int inARow = failuresInARow.incrementAndGet();
        // Class and place only: exception messages from parsing libraries can quote the message text.
        LOG.error("event=hl7.failed correlationId={} failuresInARow={} error={} at={}", correlationId, inARow,
                e.getClass().getName(), e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "unknown");
        String code = "AE";
        String text = "internal error while handling this message (" + e.getClass().getSimpleName()
                + "): kept as a dead letter for an operator, do not resend (correlation id " + correlationId + ")";
        try {
            deadLetter(frame, msh == null ? null : msh.first(3), rawKey(msh), text, null, correlationId, code);
        } catch (RuntimeException | StackOverflowError again) {
            LOG.error("event=hl7.failed_not_stored correlationId={} error={}", correlationId,
                    again.getClass().getName());
            code = "AR";
            text = "internal error, message not stored: resend later (correlation id " + correlationId + ")";
        }
        told(msh, code, text);
        try {
            return Optional.of(acks.forFrame(msh, code, text).getBytes(StandardCharsets.ISO_8859_1));
        } catch (RuntimeException | StackOverflowError again) {
            return Optional.of(("MSH|^~\\&|||||||ACK|0|P|2.5.1\rMSA|" + code + "||" + text + "\r")
                    .getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** Unexpected failures since start. */
    public long failures() {
        return failures.sum();
    }

    /** When the latest unexpected failure happened, or null. */
    public Instant lastFailureAt() {
        return lastFailureAt;
    }

    /** True while the latest {@value #FAILING_AFTER} or more frames all met an unexpected failure. */
    public boolean failing() {
        return failuresInARow.get() >= FAILING_AFTER;
    }

    private Optional<byte[]> handle(MllpFrame frame, RawMsh msh, String correlationId) {
        if (frame.oversize()) {
            return refuseFrame(frame, msh, "AR", "message of " + frame.size() + " bytes is larger than the limit of "
                    + settings.maxMessageBytes() + " bytes", correlationId);
        }
        return switch (parse(frame.bytes(), msh)) {
            case Unreadable u -> refuseFrame(frame, msh, u.code(), u.error(), correlationId);
            case Parsed p -> ingest(frame, msh, p.message(), p.text(), p.charset(), correlationId);
        };
    }

    /** What the bytes of one frame turned out to be: a message, or why not (with the ACK code to refuse it). */
    private sealed interface Parse permits Parsed, Unreadable {
    }

    private record Parsed(Hl7Message message, String text, Charset charset) implements Parse {
    }

    private record Unreadable(String code, String error) implements Parse {
    }

    /** MSH-18 character set, decoding and parsing: shared by live frames and reprocessed dead letters. */
    private Parse parse(byte[] bytes, RawMsh msh) {
        if (msh == null) {
            return new Unreadable("AR", batch(bytes)
                    ? "batch (FHS/BHS) is not accepted over MLLP: send each message in a frame of its own"
                    : "no MSH segment at the start of the frame");
        }
        Optional<Charset> declared = Hl7Charsets.of(msh.first(18), settings.defaultCharset());
        if (declared.isEmpty()) {
            return new Unreadable("AR", "character set (MSH-18) is not supported");
        }
        Decoded decoded;
        try {
            decoded = msh.first(18).isEmpty() ? Hl7Charsets.decodeUndeclared(bytes, declared.get())
                    : new Decoded(Hl7Charsets.decode(bytes, declared.get()), declared.get());
        } catch (CharacterCodingException e) {
            return new Unreadable("AR", "bytes are not valid " + declared.get().name()
                    + " (the character set MSH-18 declares or the default)");
        }
        String text = Hl7Events.normalise(decoded.text());
        int second = secondMessage(text);
        if (second > 0) {
            return new Unreadable("AR", "frame holds more than one message (segment " + second + " is another MSH): "
                    + "send one message per frame; none of them was stored");
        }
        try {
            return new Parsed(reader.read(text), text, decoded.charset());
        } catch (Hl7Rejection r) {
            return new Unreadable(r.code(), r.getMessage());
        }
    }

    private static boolean batch(byte[] bytes) {
        String start = new String(bytes, 0, Math.min(bytes.length, 16), StandardCharsets.ISO_8859_1).stripLeading();
        return start.startsWith("FHS") || start.startsWith("BHS");
    }

    /** The 1-based number of the first segment after the first that is an MSH (or a batch header), else 0. */
    private static int secondMessage(String normalisedText) {
        char separator = normalisedText.charAt(3);
        int segment = 1;
        for (int i = normalisedText.indexOf('\r'); i >= 0; i = normalisedText.indexOf('\r', i + 1)) {
            segment++;
            if (normalisedText.startsWith("MSH" + separator, i + 1) || normalisedText.startsWith("BHS" + separator, i + 1)
                    || normalisedText.startsWith("FHS" + separator, i + 1)) {
                return segment;
            }
        }
        return 0;
    }

    private Optional<byte[]> ingest(MllpFrame frame, RawMsh msh, Hl7Message m, String text, Charset charset,
                                    String correlationId) {
        String key = Hl7Events.key(m.sendingApplication(), m.sendingFacility(), m.controlId());
        String hash = Hl7Events.contentHash(text);
        IngestOutcome outcome = pipeline.ingestAndWait(Hl7Events.request(m, key, text, hash, frame.bytes(), charset,
                correlationId, clock.instant()));
        return switch (outcome) {
            case IngestOutcome.Accepted a -> {
                LOG.debug("event=hl7.accepted eventId={} lane={} messageType={} controlId={} correlationId={}",
                        a.event().eventId(), a.event().lane().wireName(), m.messageType(), m.controlId(),
                        correlationId);
                yield answer(m, msh, text, charset, "AA", acceptedWithErrors(m));
            }
            case IngestOutcome.Duplicate d -> {
                if (!sameBytes(d.known(), frame) && differentContent(d.known(), hash)) {
                    yield refuseMessage(frame, msh, m, text, key, charset, "AE", REUSED, correlationId);
                }
                LOG.debug("event=hl7.duplicate eventId={} controlId={} correlationId={}", d.known().eventId(),
                        m.controlId(), correlationId);
                yield answer(m, msh, text, charset, "AA", acceptedWithErrors(m));
            }
            case IngestOutcome.Refused r -> refuseMessage(frame, msh, m, text, key, charset, "AR",
                    "not accepted now (" + r.reason() + "); resend later", correlationId);
            case IngestOutcome.Invalid i -> answer(m, msh, text, charset, "AE", i.error());
        };
    }

    /**
     * A dead-lettered frame fed through the same decoding, checks and pipeline again, with the same key. Never
     * dead-letters and never forms an ACK: the outcome is {@code Invalid} (with id -1) when it is refused again.
     */
    IngestOutcome reprocess(byte[] bytes, String correlationId) {
        Parsed p;
        switch (parse(bytes, RawMsh.sniff(bytes))) {
            case Unreadable u -> {
                return invalid(u.error());
            }
            case Parsed parsed -> p = parsed;
        }
        Hl7Message m = p.message();
        String text = p.text();
        String key = Hl7Events.key(m.sendingApplication(), m.sendingFacility(), m.controlId());
        String hash = Hl7Events.contentHash(text);
        IngestOutcome outcome = pipeline.ingestAndWait(Hl7Events.request(m, key, text, hash, bytes, p.charset(),
                correlationId, clock.instant()));
        if (outcome instanceof IngestOutcome.Duplicate d && !(d.known().rawHash() != null
                && d.known().rawHash().equals(ContentHash.of(bytes))) && differentContent(d.known(), hash)) {
            return invalid(REUSED);
        }
        return outcome;
    }

    /** The note an AA carries when some observations could not be read whole (null when all could). */
    private static String acceptedWithErrors(Hl7Message m) {
        long n = m.observationsWithErrors();
        if (n == 0) {
            return null;
        }
        String first = m.observations().stream().filter(o -> !o.errors().isEmpty()).findFirst().orElseThrow()
                .errors().getFirst();
        return "stored; " + n + (n == 1 ? " observation" : " observations") + " kept with an error, first: " + first;
    }

    private static IngestOutcome.Invalid invalid(String error) {
        return new IngestOutcome.Invalid(-1, error);
    }

    /** The usual resend: byte for byte the same (the index keeps the raw hash), no journal read needed. */
    private static boolean sameBytes(KnownEvent known, MllpFrame frame) {
        return known.rawHash() != null && known.rawHash().equals(ContentHash.of(frame.bytes()));
    }

    /** Compares the original's hash without MSH-7 (read back from its journal) with this message's. */
    private boolean differentContent(KnownEvent known, String hash) {
        Optional<String> original = pipeline.journaled(known)
                .map(e -> e.payload().path("contentHash").asText(""));
        return original.isPresent() && !original.get().equals(hash);
    }

    /** Dead-letters a parsed message (durably) and answers AE/AR for it. */
    private Optional<byte[]> refuseMessage(MllpFrame frame, RawMsh msh, Hl7Message m, String text, String key,
                                           Charset charset, String code, String error, String correlationId) {
        deadLetter(frame, m.sendingApplication(), key, error, m.orderPriority(), correlationId, code);
        return answer(m, msh, text, charset, code, error);
    }

    /** Dead-letters a frame that never became a message (durably) and answers AE/AR from its raw MSH. */
    private Optional<byte[]> refuseFrame(MllpFrame frame, RawMsh msh, String code, String error,
                                         String correlationId) {
        deadLetter(frame, msh == null ? null : msh.first(3), rawKey(msh), error, null, correlationId, code);
        told(msh, code, error);
        if (msh != null && enhanced(msh.first(15), msh.first(16)) && !answers(msh.first(15), false)) {
            return Optional.empty();
        }
        String ackCode = msh != null && enhanced(msh.first(15), msh.first(16)) ? commit(code) : code;
        Charset charset = msh == null ? StandardCharsets.ISO_8859_1
                : Hl7Charsets.of(msh.first(18), settings.defaultCharset()).orElse(StandardCharsets.ISO_8859_1);
        return Optional.of(acks.forFrame(msh, ackCode, error).getBytes(charset));
    }

    /** The key from the raw MSH, for a dead letter; null when there is none or it is too long to be one. */
    private static String rawKey(RawMsh msh) {
        String key = msh == null || msh.first(10).isEmpty() ? null
                : Hl7Events.key(msh.first(3), msh.first(4), msh.first(10));
        return key == null || key.length() > Hl7Reader.MAX_KEY_LENGTH ? null : key;
    }

    private void deadLetter(MllpFrame frame, String system, String key, String error, String priority,
                            String correlationId, String code) {
        IngestOutcome.Invalid invalid = pipeline.reject(new DeadLetter(clock.instant(), "hl7", system, correlationId,
                key, ContentHash.of(frame.bytes()), frame.size(), Hl7Events.CONTENT_TYPE, error, priority,
                frame.bytes(), frame.oversize()));
        LOG.debug("event=hl7.dead_lettered deadLetterId={} ack={} size={} correlationId={} error=\"{}\"",
                invalid.deadLetterId(), code, frame.size(), correlationId, error);
    }

    private Optional<byte[]> answer(Hl7Message m, RawMsh msh, String text, Charset charset, String code,
                                    String error) {
        tell(m.sendingApplication(), m.sendingFacility(), code, "AA".equals(code) ? null : error);
        String ackCode = code;
        if (m.enhancedMode()) {
            if (!answers(m.acceptAckType(), "AA".equals(code))) {
                return Optional.empty();
            }
            ackCode = commit(code);
        }
        String ack = m.hapi() == null && ("AA".equals(ackCode) || "CA".equals(ackCode))
                ? acks.accepted(msh, ackCode, error) : null;
        if (ack == null) {
            // Errors are rare and their ERR segment is HAPI's to write: HAPI parses the message for them.
            ack = acks.forMessage(m.hapi() != null ? m.hapi() : reader.hapi(text), ackCode, error);
        }
        return Optional.of(ack.getBytes(charset));
    }

    private void told(RawMsh msh, String code, String error) {
        tell(msh == null ? "" : msh.first(3), msh == null ? "" : msh.first(4), code, error);
    }

    private void tell(String application, String facility, String code, String error) {
        try {
            senders.answered(application == null ? "" : application, facility == null ? "" : facility, code, error);
        } catch (RuntimeException e) {
            LOG.warn("event=hl7.sender_listener_failed error={}", e.getClass().getName());
        }
    }

    /** Who is told of each sender's traffic (the listener's connections too). */
    Hl7SenderListener senders() {
        return senders;
    }

    private static boolean enhanced(String msh15, String msh16) {
        return !msh15.isEmpty() || !msh16.isEmpty();
    }

    /** MSH-15 (HL7 table 0155): AL always, NE never, ER only on error, SU only on success; empty = AL. */
    private static boolean answers(String acceptAckType, boolean success) {
        String type = acceptAckType == null ? "" : acceptAckType.toUpperCase(java.util.Locale.ROOT);
        return switch (type) {
            case "NE" -> false;
            case "ER" -> !success;
            case "SU" -> success;
            default -> true;
        };
    }

    private static String commit(String code) {
        return switch (code) {
            case "AA" -> "CA";
            case "AE" -> "CE";
            default -> "CR";
        };
    }
}
