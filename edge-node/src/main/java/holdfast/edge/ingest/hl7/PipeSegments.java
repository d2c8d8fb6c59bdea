package holdfast.edge.ingest.hl7;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits the common shapes of message into segments without HAPI, which would build its whole typed model
 * first: ORU^R01 and the census ADTs, with the standard separators, no escapes, no repetitions, no
 * subcomponents, a version HAPI knows, a common OBX-2 value type, and segments in the order of the message
 * structure HAPI would use.
 * Within those bounds HAPI places every segment in text order and its fields read as the text's components,
 * so both give the reader the same values (Hl7ReaderTest holds the two side by side); anything else, however
 * ordinary, is left to HAPI. Stateless, thread-safe.
 */
final class PipeSegments {

    private static final String HEADER = "MSH|^~\\&|";
    /** The versions the node accepts that HAPI also knows (it does not know 2.8.2). */
    private static final Set<String> VERSIONS = Set.of("2.2", "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6",
            "2.7", "2.7.1", "2.8", "2.8.1");
    /** OBX-2 value types taken as written; HAPI replaces an empty or unknown one with ST in its model. */
    private static final Set<String> OBX_TYPES = Set.of("NM", "SN", "ST", "TX", "FT", "CE", "CWE", "TS", "DT",
            "TM");
    /** Segment order, each id followed by a space, of the structures HAPI reads these messages into. */
    private static final Pattern ORU_R01 = Pattern.compile(
            "(PID (PD1 )?(NTE )*(NK1 )*(PV1 (PV2 )?)?)?((ORC )?OBR (NTE )*(TQ1 )*(OBX (NTE )*)*)+");
    private static final Pattern ADT = Pattern.compile("EVN PID (PD1 )?(PV1 (PV2 )?)?(OBX )*");
    private static final Pattern ADT_A39 = Pattern.compile("EVN PID (PD1 )?MRG (PV1 )?");
    /** MSH-9 (code^trigger) to the structure HAPI picks for it and the segment order that structure allows. */
    private static final Map<String, Shape> SHAPES = Map.of(
            "ORU^R01", new Shape("ORU_R01", ORU_R01),
            "ADT^A01", new Shape("ADT_A01", ADT), "ADT^A04", new Shape("ADT_A01", ADT),
            "ADT^A08", new Shape("ADT_A01", ADT), "ADT^A13", new Shape("ADT_A01", ADT),
            "ADT^A02", new Shape("ADT_A02", ADT), "ADT^A03", new Shape("ADT_A03", ADT),
            "ADT^A11", new Shape("ADT_A09", ADT), "ADT^A12", new Shape("ADT_A12", ADT),
            "ADT^A40", new Shape("ADT_A39", ADT_A39));

    private record Shape(String structure, Pattern order) {
    }

    private PipeSegments() {
    }

    /** The segments of {@code normalisedText}, or null when it is not one of the plain shapes. */
    static List<Hl7Segment> split(String normalisedText) {
        if (!normalisedText.startsWith(HEADER)) {
            return null;
        }
        for (int i = HEADER.length(); i < normalisedText.length(); i++) {
            char c = normalisedText.charAt(i);
            if (c == '~' || c == '\\' || c == '&') {
                return null;
            }
        }
        String[] lines = normalisedText.split("\r", -1);
        PipeSegment msh = new PipeSegment("MSH", lines[0].split("\\|", -1), true);
        Shape shape = shape(msh);
        if (shape == null) {
            return null;
        }
        List<Hl7Segment> segments = new ArrayList<>(lines.length);
        segments.add(msh);
        StringBuilder order = new StringBuilder(lines.length * 4);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.length() < 4 || line.charAt(3) != '|' || !valued(line)) {
                return null; // HAPI leaves empty segments out of its model, and reads odd ids its own way
            }
            String name = line.substring(0, 3);
            order.append(name).append(' ');
            PipeSegment segment = new PipeSegment(name, line.split("\\|", -1), false);
            if (name.equals("OBX") && !OBX_TYPES.contains(segment.field(2))) {
                return null; // HAPI writes its own type into a missing or unknown OBX-2
            }
            segments.add(segment);
        }
        return shape.order().matcher(order).matches() ? segments : null;
    }

    private static Shape shape(PipeSegment msh) {
        String[] type = msh.field(9).split("\\^", -1);
        if (type.length < 2 || type.length > 3 || !VERSIONS.contains(msh.field(12))) {
            return null;
        }
        Shape shape = SHAPES.get(type[0] + "^" + type[1]);
        return shape == null || type.length == 3 && !type[2].equals(shape.structure()) ? null : shape;
    }

    /** Something other than separators and blanks after the segment id. */
    private static boolean valued(String line) {
        for (int i = 4; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '|' && c != '^' && !Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }

    /** One segment's fields as split from the text ({@code fields[0]} is the id). Immutable. */
    private record PipeSegment(String name, String[] fields, boolean header) implements Hl7Segment {

        /** The field's text as written; MSH-n is {@code fields[n-1]} since MSH-1 is the separator itself. */
        String field(int n) {
            int i = header ? n - 1 : n;
            return i >= 1 && i < fields.length ? fields[i] : "";
        }

        @Override
        public int repetitions(int field) {
            return field(field).isEmpty() ? 0 : 1;
        }

        @Override
        public String value(int field, int rep, int component) {
            String text = field(field);
            if (rep > 0 || text.isEmpty()) {
                return null;
            }
            int start = 0;
            for (int c = 1; c < component; c++) {
                start = text.indexOf('^', start) + 1;
                if (start == 0) {
                    return null;
                }
            }
            int end = text.indexOf('^', start);
            String v = text.substring(start, end < 0 ? text.length() : end);
            return v.isBlank() ? null : v.trim();
        }
    }
}
