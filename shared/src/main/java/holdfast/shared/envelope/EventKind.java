package holdfast.shared.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an event is (contract §5 {@code kind}). */
public enum EventKind {
    OBSERVATION, ALARM, ALERT, HL7, CORRECTION, VOID;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventKind fromWire(String value) {
        for (EventKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown event kind " + value);
    }
}
