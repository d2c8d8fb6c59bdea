package holdfast.edge.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an alert stands: open until a person acknowledges it. The wire and column value is lower case. */
enum AlertStatus {
    OPEN("open"),
    ACKNOWLEDGED("acknowledged");

    private final String wireName;

    AlertStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static AlertStatus fromWire(String value) {
        for (AlertStatus s : values()) {
            if (s.wireName.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown alert status '" + value + "'");
    }
}
