package holdfast.edge.ingest.hl7;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * MSH-18 (HL7 table 0211) to Java character sets, and strict decoding. Only ASCII-compatible sets are
 * accepted, because MLLP framing and the MSH itself must be readable before the charset is known: ASCII,
 * 8859/1 to 8859/9 and 8859/15, UNICODE UTF-8, GB 18030, BIG-5. A message whose bytes are not valid in the set
 * it declares is refused rather than decoded with replacement characters (that would silently change patient
 * data). With no MSH-18 the configured default applies; when that default is UTF-8 and the bytes are not
 * UTF-8, ISO-8859-1 is used instead, the common legacy case. Stateless, thread-safe.
 */
final class Hl7Charsets {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("ASCII", "US-ASCII"),
            Map.entry("8859/1", "ISO-8859-1"), Map.entry("8859/2", "ISO-8859-2"),
            Map.entry("8859/3", "ISO-8859-3"), Map.entry("8859/4", "ISO-8859-4"),
            Map.entry("8859/5", "ISO-8859-5"), Map.entry("8859/6", "ISO-8859-6"),
            Map.entry("8859/7", "ISO-8859-7"), Map.entry("8859/8", "ISO-8859-8"),
            Map.entry("8859/9", "ISO-8859-9"), Map.entry("8859/15", "ISO-8859-15"),
            Map.entry("UNICODE UTF-8", "UTF-8"), Map.entry("GB 18030", "GB18030"), Map.entry("BIG-5", "Big5"));

    private Hl7Charsets() {
    }

    /** The charset MSH-18 names (empty = {@code fallback}); empty Optional when it is not supported. */
    static Optional<Charset> of(String msh18, Charset fallback) {
        if (msh18 == null || msh18.isBlank()) {
            return Optional.of(fallback);
        }
        String name = NAMES.get(msh18.trim().toUpperCase(Locale.ROOT));
        return name == null ? Optional.empty() : Optional.of(Charset.forName(name));
    }

    /** Decodes strictly; throws when the bytes are not valid in {@code charset}. */
    static String decode(byte[] bytes, Charset charset) throws CharacterCodingException {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** Decoding for a message without MSH-18: the default, or ISO-8859-1 when a UTF-8 default does not fit. */
    static Decoded decodeUndeclared(byte[] bytes, Charset fallback) throws CharacterCodingException {
        try {
            return new Decoded(decode(bytes, fallback), fallback);
        } catch (CharacterCodingException e) {
            if (!fallback.equals(StandardCharsets.UTF_8)) {
                throw e;
            }
            return new Decoded(new String(bytes, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        }
    }

    record Decoded(String text, Charset charset) {
    }
}
