package holdfast.shared.api;

import java.time.Instant;
import java.util.Map;

/**
 * An HL7 sender (MSH-3 application at MSH-4 facility) as {@code GET /api/v1/senders} lists it: state
 * {@code silent}, {@code never} or {@code ok}, answers per ACK code, the last refusal as a fixed code and words.
 */
public record SenderItem(String application, String facility, int connections, Instant lastMessageAt,
                         Map<String, Long> acks, String lastAck, Instant lastErrorAt, String lastErrorCode,
                         String lastErrorWords, Long expectedGapSeconds, String gapSource, String state) {

    public SenderItem {
        acks = acks == null ? Map.of() : Map.copyOf(acks);
    }

    /** Answers with {@code code} (AA, AE, AR) since the node started. */
    public long acks(String code) {
        return acks.getOrDefault(code, 0L);
    }
}
