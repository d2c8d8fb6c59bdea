package holdfast.edge.ingest.hl7;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 TS/DTM values ({@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}) to instants, truncated to
 * milliseconds so that an HL7 time compares equal to the same time from a device's JSON. Values without an
 * offset are read in the configured zone. Thread-safe.
 */
final class Hl7Times {

    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.(\\d{1,4}))?([+-]\\d{4})?");

    private final ZoneId zone;

    Hl7Times(ZoneId zone) {
        this.zone = zone;
    }

    /** The instant, or null for an empty value; throws {@link IllegalArgumentException} when malformed. */
    Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = DTM.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an HL7 timestamp");
        }
        int nanos = 0;
        if (m.group(7) != null) {
            String fraction = (m.group(7) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(fraction);
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), part(m.group(2), 1),
                    part(m.group(3), 1), part(m.group(4), 0), part(m.group(5), 0), part(m.group(6), 0), nanos);
            Instant instant = m.group(8) != null
                    ? local.toInstant(ZoneOffset.of(m.group(8).substring(0, 3) + ":" + m.group(8).substring(3)))
                    : local.atZone(zone).toInstant();
            return instant.truncatedTo(ChronoUnit.MILLIS);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a valid date or time");
        }
    }

    private static int part(String group, int absent) {
        return group == null ? absent : Integer.parseInt(group);
    }
}
