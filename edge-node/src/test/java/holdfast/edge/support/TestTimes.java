package holdfast.edge.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The day test fixtures happen on: yesterday (UTC) when the test JVM started, so a fixture is as old on the
 * day the suite runs as it was on the day it was written, and nothing depends on today's date.
 */
public final class TestTimes {

    /** Yesterday as {@code yyyy-MM-dd}, for ISO-8601 fixtures: {@code DAY + "T08:00:00Z"}. */
    public static final String DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    /** The same day as HL7 writes it, {@code yyyyMMdd}: {@code HL7_DAY + "080000+0000"}. */
    public static final String HL7_DAY = LocalDate.parse(DAY).format(DateTimeFormatter.BASIC_ISO_DATE);

    private TestTimes() {
    }

    /** {@code hh:mm:ss} on {@link #DAY}, UTC. */
    public static Instant at(String time) {
        return Instant.parse(DAY + "T" + time + "Z");
    }
}
