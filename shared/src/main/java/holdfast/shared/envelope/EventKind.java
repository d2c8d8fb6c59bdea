package holdfast.shared.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an event is (interface §5 {@code kind}). {@code OPS} is an operator alert the node raised or cleared about
 * itself, {@code CANARY} a synthetic end-to-end probe: neither is clinical data.
 */
public enum EventKind {
    OBSERVATION, ALARM, ALERT, HL7, CORRECTION, VOID, OPS, CANARY;

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
