package holdfast.edge.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How far the node's clock is from the cloud's, measured on every upstream answer from its HTTP {@code Date}
 * header (RFC 9110, whole seconds) against the middle of the request's round trip on the node's clock. The
 * header's one-second resolution and half the round trip are the measurement's error. Thread-safe.
 */
final class CloudClock {

    private final Clock clock;
    private volatile Reading last;

    public CloudClock(Clock clock) {
        this.clock = clock;
    }

    /** The node's clock now; callers take it before sending and after the answer. */
    public Instant now() {
        return clock.instant();
    }

    /** Takes the {@code Date} of an answer received at {@code receivedAt} for a request sent at {@code sentAt}. */
    public void observe(Optional<String> dateHeader, Instant sentAt, Instant receivedAt) {
        if (dateHeader.isEmpty()) {
            return;
        }
        Instant cloud;
        try {
            cloud = ZonedDateTime.parse(dateHeader.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return; // a malformed Date says nothing about the clocks
        }
        Instant middle = sentAt.plus(Duration.between(sentAt, receivedAt).dividedBy(2));
        last = new Reading(Duration.between(middle, cloud), receivedAt);
    }

    /** The last measured offset (positive: the cloud is ahead), empty before the first answer with a Date. */
    public Optional<Reading> last() {
        return Optional.ofNullable(last);
    }

    /** One measurement: the cloud's clock minus the node's, and when it was taken (node clock). */
    public record Reading(Duration skew, Instant measuredAt) {
    }
}
