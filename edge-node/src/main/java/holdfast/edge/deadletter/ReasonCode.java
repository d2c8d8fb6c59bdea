package holdfast.edge.deadletter;

import java.util.List;
import java.util.Locale;

/**
 * A short, fixed code for why input was refused, read from the refusal's words: what lists and metrics show
 * where the words themselves might one day quote the input. Each code has fixed words of its own, so nothing
 * the sender wrote ever reaches a summary. Pure.
 */
public enum ReasonCode {
    TOO_LARGE("too-large", "larger than the limit", "larger than the limit"),
    INTERNAL_ERROR("internal-error", "internal error", "the node met an internal error"),
    NOT_ACCEPTED_NOW("not-accepted-now", "not accepted now", "refused for now (back-pressure): resend later"),
    CONTROL_ID_REUSED("control-id-reused", "control id reused", "control id reused with different content"),
    SEVERAL_MESSAGES("several-messages", "more than one message", "more than one message in a frame"),
    BATCH("batch", "batch (fhs/bhs)", "batch sent over MLLP"),
    CHARACTER_SET("character-set", "character set", "character set not supported or bytes not valid in it"),
    VERSION("version", "hl7 version", "HL7 version not accepted"),
    TIMESTAMP("bad-timestamp", "timestamp", "a timestamp is not valid"),
    MISSING_FIELD("missing-field", "is required", "a required field is missing"),
    UNPARSEABLE("unparseable", "cannot be", "cannot be read at all"),
    NOT_JSON("not-json", "json", "not the JSON a reading must be"),
    NO_MSH("no-msh", "no msh", "no MSH segment at the start"),
    OTHER("invalid", "", "invalid input");

    private static final List<ReasonCode> ORDER = List.of(TOO_LARGE, INTERNAL_ERROR, NOT_ACCEPTED_NOW,
            CONTROL_ID_REUSED, SEVERAL_MESSAGES, BATCH, CHARACTER_SET, VERSION, TIMESTAMP, NO_MSH, MISSING_FIELD,
            UNPARSEABLE, NOT_JSON);

    private final String code;
    private final String marker;
    private final String words;

    ReasonCode(String code, String marker, String words) {
        this.code = code;
        this.marker = marker;
        this.words = words;
    }

    /** The code for a refusal's words (OTHER when none fits). */
    public static ReasonCode of(String error) {
        if (error == null) {
            return OTHER;
        }
        String lower = error.toLowerCase(Locale.ROOT);
        for (ReasonCode c : ORDER) {
            if (lower.contains(c.marker)) {
                return c;
            }
        }
        return OTHER;
    }

    /** E.g. {@code too-large}. */
    public String code() {
        return code;
    }

    /** Fixed words for a person, never the input's own. */
    public String words() {
        return words;
    }
}
