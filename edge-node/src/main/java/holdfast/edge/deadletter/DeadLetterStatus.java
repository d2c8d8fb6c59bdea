package holdfast.edge.deadletter;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a dead letter stands: open until a person reprocesses or discards it. Lower case on the wire and in H2. */
public enum DeadLetterStatus {
    OPEN("open"),
    REPROCESSED("reprocessed"),
    DISCARDED("discarded");

    private final String wireName;

    DeadLetterStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static DeadLetterStatus fromWire(String value) {
        for (DeadLetterStatus s : values()) {
            if (s.wireName.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown dead letter status '" + value + "'");
    }
}
