package holdfast.edge.watch;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an operator alert stands: open while its condition holds, cleared once it ended. The wire and column value is lower case. */
enum OperatorAlertStatus {
    OPEN("open"),
    CLEARED("cleared");

    private final String wireName;

    OperatorAlertStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static OperatorAlertStatus fromWire(String value) {
        for (OperatorAlertStatus s : values()) {
            if (s.wireName.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown operator alert status '" + value + "'");
    }
}
