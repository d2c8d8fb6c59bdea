package holdfast.edge.ingest.hl7;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import holdfast.edge.idempotency.ContentHash;
import holdfast.edge.ingest.IngestRequest;
import holdfast.edge.ingest.hl7.Hl7Message.Observation;
import holdfast.edge.lanes.LaneCandidate;
import holdfast.edge.lanes.LaneCandidate.CodedValue;
import holdfast.shared.envelope.EventKind;
import holdfast.shared.envelope.Raw;
import holdfast.shared.envelope.Source;
import holdfast.shared.envelope.Subject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a parsed message into the {@code hl7} event request (contract §5): idempotency key, payload with the
 * parsed fields the node uses plus the text in {@code raw}, subject, lane candidate. Also the message's
 * {@code contentHash}: SHA-256 of the text with MSH-7 blanked and segment endings normalised, which is what
 * tells a true resend (same key, same hash: AA) from a reused control id (same key, other hash: AE).
 * Thread-safe (stateless).
 */
final class Hl7Events {

    static final String CONTENT_TYPE = "application/hl7-v2+er7";
    private static final Pattern LINE_ENDINGS = Pattern.compile("\r\n|\n|\r");

    private Hl7Events() {
    }

    /** {@code hl7:{MSH-3.1}:{MSH-4.1}:{MSH-10}}, a ':' inside a value written {@code %3A}. */
    static String key(String sendingApplication, String sendingFacility, String controlId) {
        return "hl7:" + escape(sendingApplication) + ":" + escape(sendingFacility) + ":" + escape(controlId);
    }

    private static String escape(String value) {
        return value == null ? "" : value.replace(":", "%3A");
    }

    /** HAPI and the hash want '\r' between segments; senders also use "\n" and "\r\n". */
    static String normalise(String text) {
        String stripped = text.strip();
        return stripped.indexOf('\n') < 0 ? stripped : LINE_ENDINGS.matcher(stripped).replaceAll("\r");
    }

    /** Hash of everything but MSH-7 (which some senders restamp on a resend). */
    static String contentHash(String normalisedText) {
        int end = normalisedText.indexOf('\r');
        String msh = end < 0 ? normalisedText : normalisedText.substring(0, end);
        String rest = end < 0 ? "" : normalisedText.substring(end);
        char separator = msh.charAt(3);
        int at = -1;
        for (int n = 0; n < 6 && (n == 0 || at >= 0); n++) {
            at = msh.indexOf(separator, at + 1); // the 6th separator opens MSH-7 ("MSH" + separator is MSH-1)
        }
        if (at < 0) {
            return ContentHash.of(normalisedText.getBytes(StandardCharsets.UTF_8));
        }
        int next = msh.indexOf(separator, at + 1);
        String joined = msh.substring(0, at + 1) + (next < 0 ? "" : msh.substring(next)) + rest;
        return ContentHash.of(joined.getBytes(StandardCharsets.UTF_8));
    }

    static IngestRequest request(Hl7Message m, String key, String text, String contentHash, byte[] bytes,
                                 Charset charset, String correlationId, Instant now) {
        Set<String> devices = new LinkedHashSet<>();
        Set<String> flags = new LinkedHashSet<>();
        List<CodedValue> values = new ArrayList<>();
        for (Observation o : m.observations()) {
            if (o.deviceId() != null) {
                devices.add(o.deviceId());
            }
            flags.addAll(o.flags());
            if (o.code() != null && o.numeric() != null) {
                values.add(new CodedValue(o.code(), o.numeric()));
            }
        }
        String device = devices.size() == 1 ? devices.iterator().next() : null;
        Subject subject = new Subject(m.patientId(), m.encounterId(), m.pointOfCare(), m.bed(), device);
        LaneCandidate candidate = new LaneCandidate(EventKind.HL7, "hl7", device, values, null, m.messageType(),
                flags, m.orderPriority());
        return new IngestRequest(key, EventKind.HL7,
                new Source("hl7", m.sendingApplication() == null ? "unknown" : m.sendingApplication(), m.controlId()),
                correlationId, null, occurredAt(m, now), subject, payload(m, text, contentHash),
                Raw.of(CONTENT_TYPE + "; charset=" + charset.name(), bytes), candidate);
    }

    /** When it happened: the ADT event time, else the first observation time, else MSH-7, else receipt. */
    private static Instant occurredAt(Hl7Message m, Instant now) {
        if (m.eventTime() != null) {
            return m.eventTime();
        }
        for (Observation o : m.observations()) {
            if (o.observedAt() != null) {
                return o.observedAt();
            }
        }
        return m.messageTime() != null ? m.messageTime() : now;
    }

    private static ObjectNode payload(Hl7Message m, String text, String contentHash) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("messageType", m.messageType());
        p.put("trigger", m.trigger());
        p.put("controlId", m.controlId());
        p.put("version", m.version());
        p.put("sendingApplication", m.sendingApplication());
        p.put("sendingFacility", m.sendingFacility());
        p.put("messageTime", m.messageTime() == null ? null : m.messageTime().toString());
        p.put("contentHash", contentHash);
        p.put("patientId", m.patientId());
        p.put("priorPatientId", m.priorPatientId());
        p.put("encounterId", m.encounterId());
        p.put("patientClass", m.patientClass());
        p.put("ward", m.pointOfCare());
        p.put("bed", m.bed());
        p.put("priorBed", m.priorBed());
        p.put("eventTime", m.eventTime() == null ? null : m.eventTime().toString());
        p.put("priority", m.orderPriority());
        ArrayNode observations = p.putArray("observations");
        for (Observation o : m.observations()) {
            ObjectNode n = observations.addObject();
            n.put("setId", o.setId());
            n.put("code", o.code());
            n.put("system", o.system());
            n.put("valueType", o.valueType());
            if (o.numeric() != null) {
                n.put("value", o.numeric());
            } else {
                n.put("value", o.value());
            }
            n.put("unit", o.unit());
            ArrayNode f = n.putArray("flags");
            o.flags().forEach(f::add);
            n.put("observedAt", o.observedAt() == null ? null : o.observedAt().toString());
            n.put("deviceId", o.deviceId());
            n.put("status", o.status());
            if (!o.errors().isEmpty()) {
                ArrayNode e = n.putArray("errors");
                o.errors().forEach(e::add);
            }
        }
        p.put("raw", text);
        return p;
    }
}
