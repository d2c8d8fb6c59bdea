package holdfast.edge.senders;

import java.time.Instant;
import java.util.Map;

/**
 * One HL7 sender as {@code GET /api/v1/senders} lists it. {@code acks} counts answers per code (AA, AE, AR);
 * {@code lastErrorCode}/{@code lastErrorWords} are a fixed reason code and its fixed words, never the message's
 * own text. {@code expectedGapSeconds} is the gap it normally keeps at this hour of day (learned) or its
 * configured interval ({@code gapSource} says which); null when it does not normally send at this hour.
 */
record SenderSummary(String application, String facility, int connections, Instant lastMessageAt,
                            Map<String, Long> acks, String lastAck, Instant lastErrorAt, String lastErrorCode,
                            String lastErrorWords, Long expectedGapSeconds, String gapSource, String state) {

    public SenderSummary {
        acks = Map.copyOf(acks);
    }
}
