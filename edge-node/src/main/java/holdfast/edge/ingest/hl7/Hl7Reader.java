package holdfast.edge.ingest.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import holdfast.edge.ingest.hl7.Hl7Message.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Reads message text into what the node uses. The common shapes (ORU^R01 and the census ADTs, plainly written)
 * are split by {@link PipeSegments} without building HAPI's model; every other message is parsed with HAPI into
 * the 2.5.1 model (one structures jar reads 2.2–2.8). The rules below see segments either way
 * ({@link Hl7Segment}), so a message gets the same fields and the same AE/AR whichever path read it. HAPI's
 * own validation is off: its rules reject harmless variations, and the node's few rules
 * below decide AE/AR explicitly. Fields are read from the segments in order (not by group path), so the same
 * code reads every version and message structure, Z-segments included. An OBX whose value does not match its
 * type (OBX-5 not a number for NM) or whose OBX-14 is not a timestamp does not cost the whole message: unless
 * {@code strict}, the observation keeps the value as text and says what is wrong ({@link Observation#errors}),
 * so that the other observations — a critical one among them — are journaled. Errors name an OBX by its Set ID
 * (OBX-1), what the sender's operator sees, and by its position only when it has none. Thread-safe (HAPI's
 * parser is).
 */
final class Hl7Reader {

    /** Versions the contract accepts. */
    private static final Set<String> VERSIONS = Set.of("2.2", "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6",
            "2.7", "2.7.1", "2.8", "2.8.1", "2.8.2");
    /** ADT triggers that change the census and so need a patient. */
    private static final Set<String> CENSUS_TRIGGERS = Set.of("A01", "A02", "A03", "A04", "A08", "A11", "A12",
            "A13", "A40");
    private static final Set<String> NUMERIC_TYPES = Set.of("NM", "SN");
    /** The longest idempotency key the index stores; HL7 itself allows MSH-10 up to 199 characters. */
    static final int MAX_KEY_LENGTH = 600;

    private final HapiContext context;
    private final PipeParser parser;
    private final Hl7Times times;
    private final boolean strict;

    Hl7Reader(Hl7Times times, boolean strict) {
        this.times = times;
        this.strict = strict;
        this.context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        // The default file-based generator writes ./id_file and slows every ACK (tech notes).
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        // Older versions have no MFE-5 and senders leave OBX-2 out or misspell it: read such values as text
        // rather than refusing the message (HAPI needs a type for these "varies" fields).
        context.getParserConfiguration().setDefaultMfe5Type("ST");
        context.getParserConfiguration().setInvalidMfe5Type("ST");
        context.getParserConfiguration().setDefaultObx2Type("ST");
        context.getParserConfiguration().setInvalidObx2Type("ST");
        this.parser = context.getPipeParser();
    }

    PipeParser parser() {
        return parser;
    }

    /** HAPI's model of the text: what the rare shapes are read from, and what answers errors in any message. */
    Message hapi(String text) {
        try {
            return parser.parse(text);
        } catch (HL7Exception e) {
            // HAPI's messages can quote the message text: they are never passed on.
            throw new Hl7Rejection("AR", "message cannot be parsed as HL7 v2 (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Parses and checks; throws {@link Hl7Rejection} (AR or AE) for anything the node will not journal. */
    Hl7Message read(String text) {
        return read(text, PipeSegments.split(text));
    }

    /** As {@link #read}, always through HAPI: what the plain path is held against. */
    Hl7Message readWithHapi(String text) {
        return read(text, null);
    }

    private Hl7Message read(String text, List<Hl7Segment> plain) {
        Message message = null;
        List<Hl7Segment> segments = plain;
        if (segments == null) {
            message = hapi(text);
            segments = new ArrayList<>();
            collect(message, segments);
        }
        Hl7Segment msh = segments.getFirst();
        String version = value(msh, 12, 0, 1);
        if (version == null || !VERSIONS.contains(version)) {
            throw new Hl7Rejection("AR", "HL7 version " + version + " is not accepted (2.2 to 2.8)");
        }
        String controlId = value(msh, 10, 0, 1);
        if (controlId == null) {
            throw new Hl7Rejection("AE", "MSH-10 (message control id) is required");
        }
        int keyLength = Hl7Events.key(value(msh, 3, 0, 1), value(msh, 4, 0, 1), controlId).length();
        if (keyLength > MAX_KEY_LENGTH) {
            throw new Hl7Rejection("AE", "MSH-3, MSH-4 and MSH-10 are too long to identify the message (key of "
                    + keyLength + " characters, at most " + MAX_KEY_LENGTH + "; MSH-10 has at most 199 in HL7)");
        }
        String code = upper(value(msh, 9, 0, 1));
        if (code == null) {
            throw new Hl7Rejection("AE", "MSH-9 (message type) is required");
        }
        String trigger = upper(value(msh, 9, 0, 2));
        Hl7Segment pid = find(segments, "PID");
        Hl7Segment pv1 = find(segments, "PV1");
        Hl7Segment evn = find(segments, "EVN");
        Hl7Segment mrg = find(segments, "MRG");
        String patientId = pid == null ? null : value(pid, 3, 0, 1);
        String encounterId = pv1 == null ? null : value(pv1, 19, 0, 1);
        if (encounterId == null && pid != null) {
            encounterId = value(pid, 18, 0, 1);
        }
        boolean censusChange = "ADT".equals(code) && trigger != null && CENSUS_TRIGGERS.contains(trigger);
        if (censusChange && patientId == null) {
            throw new Hl7Rejection("AE", "PID-3 (patient identifier) is required for ADT^" + trigger);
        }
        String bed = pv1 == null ? null : location(pv1, 3);
        if (censusChange && "A02".equals(trigger) && bed == null) {
            throw new Hl7Rejection("AE", "PV1-3 (assigned location) is required for ADT^A02");
        }
        String priorPatientId = mrg == null ? null : value(mrg, 1, 0, 1);
        if (censusChange && "A40".equals(trigger) && priorPatientId == null) {
            throw new Hl7Rejection("AE", "MRG-1 (prior patient identifier) is required for ADT^A40");
        }
        Instant messageTime = time(msh, 7, "MSH-7");
        Instant eventTime = evn == null ? null : time(evn, 6, "EVN-6");
        if (eventTime == null && evn != null) {
            eventTime = time(evn, 2, "EVN-2");
        }
        return new Hl7Message(message, value(msh, 3, 0, 1), value(msh, 4, 0, 1), controlId, code, trigger,
                version, messageTime, upper(value(msh, 15, 0, 1)), upper(value(msh, 16, 0, 1)), patientId,
                priorPatientId, encounterId, pv1 == null ? null : value(pv1, 2, 0, 1),
                pv1 == null ? null : value(pv1, 3, 0, 1), bed, pv1 == null ? null : location(pv1, 6), eventTime,
                orderPriority(segments), observations(segments));
    }

    private List<Observation> observations(List<Hl7Segment> segments) {
        List<Observation> observations = new ArrayList<>();
        Instant orderTime = null;
        for (Hl7Segment s : segments) {
            if ("OBR".equals(s.name())) {
                orderTime = time(s, 7, "OBR-7");
            } else if ("OBX".equals(s.name())) {
                observations.add(observation(s, observations.size() + 1, orderTime));
            }
        }
        return observations;
    }

    private Observation observation(Hl7Segment obx, int position, Instant orderTime) {
        String type = upper(value(obx, 2, 0, 1));
        String value = value(obx, 5, 0, 1);
        String rawSetId = value(obx, 1, 0, 1);
        String name = rawSetId == null ? "the OBX at position " + position + " (no Set ID)"
                : "the OBX with Set ID " + rawSetId;
        List<String> errors = new ArrayList<>();
        Double numeric = null;
        if (value != null && type != null && NUMERIC_TYPES.contains(type)) {
            String number = "SN".equals(type) ? value(obx, 5, 0, 2) : value;
            try {
                numeric = number == null ? null : Double.valueOf(number);
            } catch (NumberFormatException e) {
                errors.add(fault("OBX-5 of " + name, "is not a number (OBX-2 is " + type + "); kept as text"));
            }
        }
        List<String> flags = new ArrayList<>();
        for (int rep = 0; rep < obx.repetitions(8); rep++) {
            String flag = upper(value(obx, 8, rep, 1));
            if (flag != null) {
                flags.add(flag);
            }
        }
        Instant observedAt = null;
        try {
            observedAt = times.parse(value(obx, 14, 0, 1));
        } catch (IllegalArgumentException e) {
            errors.add(fault("OBX-14 of " + name, "is not a valid HL7 timestamp; the order time (OBR-7) is used"));
        }
        return new Observation(rawSetId != null && rawSetId.matches("\\d{1,9}") ? Integer.parseInt(rawSetId) : position,
                value(obx, 3, 0, 1), value(obx, 3, 0, 3), type, value, numeric, value(obx, 6, 0, 1), flags,
                observedAt != null ? observedAt : orderTime, value(obx, 18, 0, 1), upper(value(obx, 11, 0, 1)),
                errors);
    }

    /** In strict mode the whole message is refused ({@code AE}); else the observation carries the error. */
    private String fault(String where, String problem) {
        if (strict) {
            int cut = problem.indexOf(';');
            throw new Hl7Rejection("AE", where + " " + (cut < 0 ? problem : problem.substring(0, cut)));
        }
        return where + " " + problem;
    }

    /** {@code S} when any of OBR-5, OBR-27.6, ORC-7.6, TQ1-9 asks for STAT; else the first priority given. */
    private static String orderPriority(List<Hl7Segment> segments) {
        String first = null;
        for (Hl7Segment s : segments) {
            String p = switch (s.name()) {
                case "OBR" -> firstNonNull(value(s, 5, 0, 1), value(s, 27, 0, 6));
                case "ORC" -> value(s, 7, 0, 6);
                case "TQ1" -> value(s, 9, 0, 1);
                default -> null;
            };
            p = upper(p);
            if ("S".equals(p) || "STAT".equals(p)) {
                return "S";
            }
            first = first == null ? p : first;
        }
        return first;
    }

    private Instant time(Hl7Segment segment, int field, String name) {
        try {
            return times.parse(value(segment, field, 0, 1));
        } catch (IllegalArgumentException e) {
            throw new Hl7Rejection("AE", name + " is not a valid HL7 timestamp");
        }
    }

    /** A location (PL) as a contract §2 bed id: point of care, room, bed joined with '-', empty ones left out. */
    private static String location(Hl7Segment segment, int field) {
        StringJoiner id = new StringJoiner("-");
        for (int component = 1; component <= 3; component++) {
            String part = value(segment, field, 0, component);
            if (part != null) {
                id.add(part);
            }
        }
        return id.length() == 0 ? null : id.toString();
    }

    private static void collect(Group group, List<Hl7Segment> into) {
        for (String name : group.getNames()) {
            Structure[] all;
            try {
                all = group.getAll(name);
            } catch (HL7Exception e) {
                continue;
            }
            for (Structure s : all) {
                if (s instanceof Group g) {
                    collect(g, into);
                } else if (s instanceof Segment seg && !isEmpty(seg)) {
                    into.add(new HapiSegment(seg));
                }
            }
        }
    }

    private static boolean isEmpty(Segment segment) {
        try {
            return segment.isEmpty();
        } catch (HL7Exception e) {
            return true;
        }
    }

    private static Hl7Segment find(List<Hl7Segment> segments, String name) {
        for (Hl7Segment s : segments) {
            if (name.equals(s.name())) {
                return s;
            }
        }
        return null;
    }

    private static String value(Hl7Segment segment, int field, int rep, int component) {
        return segment.value(field, rep, component);
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
