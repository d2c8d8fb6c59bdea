package holdfast.console.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times, counts and intervals as a person reads them. Pure. */
public final class Shown {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM HH:mm:ss z", Locale.ENGLISH);

    private Shown() {
    }

    /** Local time with its zone, e.g. {@code 4 Dec 14:02:05 CET}; {@code none} when there is no time. */
    public static String time(Instant at, ZoneId zone, String none) {
        return at == null ? none : TIME.format(at.atZone(zone));
    }

    /** {@code 1 reading}, {@code 1,204 readings}. */
    public static String count(long n, String singular) {
        return String.format(Locale.ENGLISH, "%,d %s%s", n, singular, n == 1 ? "" : "s");
    }

    /** {@code every 45 s}, {@code every 10 min}; {@code unknown} when null. */
    public static String every(Long seconds) {
        if (seconds == null) {
            return "not expected now";
        }
        return seconds < 120 ? "every " + seconds + " s" : seconds < 7200 ? "every " + seconds / 60 + " min"
                : "every " + seconds / 3600 + " h";
    }
}
