package holdfast.edge.ingest.hl7;

import java.nio.charset.StandardCharsets;

/**
 * The MSH segment read straight from a frame's bytes, before the character set is known or HAPI has parsed
 * anything: enough to pick the charset (MSH-18) and to address an ACK or dead letter for a message HAPI
 * cannot parse. MSH is ASCII in every character set the node accepts. Immutable.
 */
record RawMsh(String[] fields, char componentSeparator, char repetitionSeparator) {

    /** The MSH of {@code frame}, or null when the frame does not start with a recognisable one. */
    static RawMsh sniff(byte[] frame) {
        String text = new String(frame, 0, Math.min(frame.length, 4096), StandardCharsets.ISO_8859_1).stripLeading();
        if (text.length() < 8 || !text.startsWith("MSH")) {
            return null;
        }
        char fieldSeparator = text.charAt(3);
        if (Character.isLetterOrDigit(fieldSeparator) || Character.isWhitespace(fieldSeparator)) {
            return null;
        }
        int end = text.length();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\r' || text.charAt(i) == '\n') {
                end = i;
                break;
            }
        }
        String[] fields = split(text.substring(0, end), fieldSeparator);
        String encoding = fields.length > 1 ? fields[1] : "";
        if (encoding.isEmpty()) {
            return null;
        }
        return new RawMsh(fields, encoding.charAt(0), encoding.length() > 1 ? encoding.charAt(1) : '~');
    }

    /** As {@code String.split} with a limit of -1, on one character taken literally. */
    private static String[] split(String text, char separator) {
        java.util.List<String> parts = new java.util.ArrayList<>(24);
        int start = 0;
        for (int i = text.indexOf(separator); i >= 0; i = text.indexOf(separator, start)) {
            parts.add(text.substring(start, i));
            start = i + 1;
        }
        parts.add(text.substring(start));
        return parts.toArray(String[]::new);
    }

    /** MSH-n as written (MSH-1 is the field separator itself), or "" when absent. */
    String field(int n) {
        int i = n - 1;
        return i >= 1 && i < fields.length ? fields[i] : "";
    }

    /** The first component of the first repetition of MSH-n. */
    String first(int n) {
        String value = field(n);
        int rep = value.indexOf(repetitionSeparator);
        value = rep >= 0 ? value.substring(0, rep) : value;
        int comp = value.indexOf(componentSeparator);
        return (comp >= 0 ? value.substring(0, comp) : value).trim();
    }
}
